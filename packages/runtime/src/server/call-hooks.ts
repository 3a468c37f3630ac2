import { inputRequired, inputResponse, type Server, type ServerContext } from '@modelcontextprotocol/server';
import type { Asker, AskResult, ConfirmAnswer } from '../safety/confirm.js';
import type { CallHooks } from '../tools/context.js';
import { declaresFormElicitation } from './client-capabilities.js';

/**
 * What one `tools/call` may ask of its client: confirmation by a person, and
 * progress notifications (only when the client sent a token).
 *
 * A question is asked the protocol's own way during a call: the handler returns an
 * `input_required` result (the 2026-07-28 multi-round-trip pattern), the client asks
 * the person and calls again with the answer. On 2025-era connections the SDK's
 * shim turns the same result into an `elicitation/create` request. A client is asked
 * only when it declared form elicitation and the server can reach it: a 2025-era
 * request over stateless HTTP has no connection the server could send a request on.
 */
export async function callHooks(options: {
  server: Server;
  ctx: ServerContext;
  progressToken: string | number | undefined;
  confirmKey?: Buffer;
}): Promise<CallHooks> {
  const { server, ctx, progressToken } = options;
  return {
    ...(canAsk({ server, ctx }) ? { asker: await asker({ ctx, key: options.confirmKey }) } : {}),
    ...(progressToken !== undefined
      ? {
          progress: async ({ progress, total, message }) => {
            await ctx.mcpReq.notify({
              method: 'notifications/progress',
              params: { progressToken, progress, ...(total !== undefined ? { total } : {}), message },
            });
          },
        }
      : {}),
  };
}

const CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';

/** The client declared form elicitation (on this request's envelope in the 2026 era, at initialize in the 2025 era). */
export function canAsk(options: { server: Server; ctx?: ServerContext }): boolean {
  const envelope = options.ctx?.mcpReq.envelope as Record<string, unknown> | undefined;
  return declaresFormElicitation(envelope?.[CAPABILITIES_KEY] ?? options.server.getClientCapabilities());
}

/** One key per process: an answer is honoured only for the call it was asked about. Over HTTP, replicas share a key. */
let processKey: Buffer | undefined;

/** How long a question stays answerable. */
const ANSWER_TTL_MS = 10 * 60 * 1000;

const QUESTION = 'confirm';

async function asker(options: { ctx: ServerContext; key: Buffer | undefined }): Promise<Asker> {
  // Loaded on the first question only: a stdio server starts without node:crypto.
  const { createHmac, randomBytes } = await import('node:crypto');
  const { ctx } = options;
  const key = options.key ?? (processKey ??= randomBytes(32));
  const sign = (fingerprint: string, expires: number) =>
    createHmac('sha256', key).update(`${expires}\n${fingerprint}`).digest('base64url');
  return {
    answer(fingerprint) {
      const state = ctx.mcpReq.requestState<string>();
      if (typeof state !== 'string' || !validState({ state, fingerprint, sign })) return undefined;
      return answerOf(inputResponse(ctx.mcpReq.inputResponses, QUESTION));
    },
    ask({ message, fingerprint }): AskResult {
      const expires = Date.now() + ANSWER_TTL_MS;
      return inputRequired({
        inputRequests: {
          [QUESTION]: inputRequired.elicit({
            message,
            requestedSchema: {
              type: 'object',
              properties: {
                confirm: { type: 'boolean', title: 'Run it', description: 'Check to run this destructive operation' },
              },
              required: ['confirm'],
            },
          }),
        },
        requestState: `${expires}.${sign(fingerprint, expires)}`,
      }) as unknown as AskResult;
    },
  };
}

function validState(options: {
  state: string;
  fingerprint: string;
  sign: (fingerprint: string, expires: number) => string;
}): boolean {
  const [expiresText, signature] = options.state.split('.');
  const expires = Number(expiresText);
  return Number.isFinite(expires) && expires > Date.now() && signature === options.sign(options.fingerprint, expires);
}

/** Accept with the box checked runs the call; accept unchecked is a decline; cancel (dismissed) stays distinct. */
function answerOf(view: ReturnType<typeof inputResponse>): ConfirmAnswer | undefined {
  if (view.kind !== 'elicit') return undefined;
  if (view.action === 'accept') return view.content?.confirm === true ? 'accept' : 'decline';
  return view.action;
}
