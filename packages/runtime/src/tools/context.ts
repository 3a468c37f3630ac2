import type { UpstreamAuth } from '../auth/types.js';
import type { TaskSpec } from '../catalog/target.js';
import type { SendRequest } from '../http/send.js';
import type { Logger } from '../log.js';
import type { Asker } from '../safety/confirm.js';
import type { GuardContext } from '../safety/guard.js';
import type { ShapeOptions } from './result.js';
import type { ArgumentValidator } from './validate.js';
import type { WireOptions } from './wire-values.js';

/** What a tool call needs from the running server; built once at start-up. */
export interface CallContext {
  readonly baseUrl: URL;
  readonly send: SendRequest;
  readonly auth: UpstreamAuth;
  readonly validator: ArgumentValidator;
  readonly guard: GuardContext;
  readonly shape: ShapeOptions;
  readonly wire: WireOptions;
  readonly log: Logger;
  readonly allowLocalFiles: boolean;
  /** Says which settings choose the served tools, for refusals of hidden tools. */
  readonly disabledHint: string;
  /** The server's own secrets (its credential, a password it logs in with): scrubbed from every answer, error and log line. */
  readonly secrets?: readonly string[];
  /** Where task status and logs are read, for tools that start upstream tasks. */
  readonly tasks?: TaskSpec;
}

/** What one call may use of its client: both optional, both absent on clients that lack them. */
export interface CallHooks {
  /** Present when the person behind the client can be asked during this call. */
  readonly asker?: Asker;
  readonly progress?: (options: { progress: number; total?: number; message: string }) => Promise<void>;
}
