import { describe, expect, it } from 'vitest';
import { answerToolCall } from '../src/server/create-server.js';
import { prepare } from '../src/server/prepare.js';
import { portainerEnv, recordingSend, target, tools, upstreamResponse } from './fixtures.js';

describe('secrets the transport holds (the HTTP gate token)', () => {
  it('are scrubbed from answers like the upstream credential', async () => {
    const gate = 'gate-token-0123456789abcdef';
    const prepared = prepare({
      definition: { target, tools },
      env: portainerEnv(),
      transport: 'http',
      transportSecrets: [gate],
    });
    // An upstream that echoes what it was told (a name someone set to the token, an error message).
    const { send } = recordingSend(() => upstreamResponse({ body: JSON.stringify({ Id: 1, Name: `echo ${gate}` }) }));
    const result = await answerToolCall({
      name: 'endpoint_inspect',
      args: { id: 1 },
      caller: { context: { ...prepared.context, send }, user: 'alice' },
      hooks: {},
      registry: prepared.registry,
      discovery: false,
      started: 0,
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain(gate);
    expect(text).toContain('echo [redacted]');
  });
});
