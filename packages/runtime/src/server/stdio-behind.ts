import type { Writable } from 'node:stream';

/**
 * What the stdio front (stdio-front.ts) keeps once it has answered the opening: the SDK behind
 * it, fed the lines the front does not answer, and the answers of the calls it runs itself.
 */

type Id = string | number;

/** The SDK behind a front that keeps reading the client (stdio-sdk.ts, openSdkBehindFront). */
export interface Behind {
  /** One line the front does not answer, as the client sent it. */
  deliver(line: Buffer): void;
  /** The client's input has ended. */
  end(): void;
  /** A `tools/call` answered natively, or undefined: then it is delivered to the SDK. */
  hotCall(message: HotMessage): Promise<object> | undefined;
}

export type HotMessage = { id: Id; method: string; params?: unknown };

/** The SDK behind the front: opened once, given lines in order (queued while it loads). */
export function sdkBehind(options: { open: () => Promise<Behind> }): {
  open: () => void;
  opened: () => boolean;
  deliver: (line: Buffer) => void;
  hotCall: Behind['hotCall'];
  end: () => void;
} {
  let loading: Promise<Behind> | undefined;
  let loaded: Behind | undefined;
  let ended = false;
  const queued: Buffer[] = [];
  const open = () => {
    loading ??= options.open().then((sdk) => {
      for (const line of queued.splice(0)) sdk.deliver(line);
      if (ended) sdk.end();
      return (loaded = sdk);
    });
  };
  return {
    open,
    opened: () => loading !== undefined,
    deliver: (line) => {
      open();
      if (loaded) loaded.deliver(line);
      else queued.push(line);
    },
    // Until the SDK has loaded (and has every earlier line), a call waits in line for it.
    hotCall: (message) => (loaded && queued.length === 0 ? loaded.hotCall(message) : undefined),
    end: () => {
      ended = true;
      loaded?.end();
    },
  };
}

/** Native answers, written when ready; a call the client cancelled gets none (as the SDK does). */
export function hotAnswers(output: Writable): {
  send: (options: { id: Id; answer: Promise<object> }) => void;
  cancel: (params: unknown) => void;
} {
  const running = new Set<Id>();
  const cancelled = new Set<Id>();
  return {
    send: ({ id, answer }) => {
      running.add(id);
      void answer.then((message) => {
        running.delete(id);
        if (!cancelled.delete(id)) output.write(`${JSON.stringify(message)}\n`);
      });
    },
    cancel: (params) => {
      const id =
        params !== null && typeof params === 'object' ? (params as { requestId?: unknown }).requestId : undefined;
      if ((typeof id === 'string' || typeof id === 'number') && running.has(id)) cancelled.add(id);
    },
  };
}
