import type { Server, ServerContext } from '@modelcontextprotocol/server';
import type { CallHooks } from '../tools/context.js';

/**
 * What one `tools/call` may ask of its client: elicitation (only where the client
 * declared it, and only on the 2025 protocol era, which has server-to-client
 * requests) and progress notifications (only when the client sent a token).
 */
export function callHooks(options: { server: Server; ctx: ServerContext; progressToken: string | number | undefined }): CallHooks {
  const { server, ctx, progressToken } = options;
  const canElicit = Boolean(server.getClientCapabilities()?.elicitation);
  return {
    ...(canElicit ? { elicit: (message: string) => askToConfirm({ ctx, message }) } : {}),
    ...(progressToken !== undefined
      ? {
          progress: async ({ progress, total, message }) => {
            await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, ...(total !== undefined ? { total } : {}), message } });
          },
        }
      : {}),
  };
}

async function askToConfirm(options: { ctx: ServerContext; message: string }): Promise<boolean | undefined> {
  try {
    const answer = await options.ctx.mcpReq.elicitInput({
      mode: 'form',
      message: options.message,
      requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: 'Confirm', description: 'Run it' } }, required: ['confirm'] },
    });
    if (answer.action !== 'accept') return false;
    return answer.content?.confirm === true;
  } catch {
    // The client could not answer (era without server requests, or it failed): fall back to `confirm: true`.
    return undefined;
  }
}
