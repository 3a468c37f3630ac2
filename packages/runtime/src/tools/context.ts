import type { SendRequest } from '../http/send.js';
import type { Logger } from '../log.js';
import type { GuardContext } from '../safety/guard.js';
import type { ShapeOptions } from './result.js';
import type { ArgumentValidator } from './validate.js';

/** What a tool call needs from the running server; built once at start-up. */
export interface CallContext {
  readonly baseUrl: URL;
  readonly send: SendRequest;
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly credentialHeader: string;
  readonly validator: ArgumentValidator;
  readonly guard: GuardContext;
  readonly shape: ShapeOptions;
  readonly log: Logger;
  readonly allowLocalFiles: boolean;
  /** Says which settings choose the served tools, for refusals of hidden tools. */
  readonly disabledHint: string;
}
