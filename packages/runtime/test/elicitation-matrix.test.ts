/**
 * Issue 10 item 9: confirmation reaches a person on every transport and era the SDK lets
 * the server ask on. Clients: the SDK v1 client (2025 era), the v2 client in the 2025 era
 * (initialize) and in the 2026-07-28 era (server/discover, multi-round-trip), over stdio
 * (a spawned server process) and over Streamable HTTP (stateless). Each asserts what the
 * logging fake upstream received.
 *
 * Where the server can ask (stdio in both eras, HTTP in the 2026 era): `confirm` is not
 * listed, the person is asked with operation, method, filled path and key arguments, and
 * accept, decline and cancel are distinct. Where it cannot (2025 era over stateless HTTP:
 * no connection to send a request on), and for clients without elicitation, `confirm: true`
 * is the fallback.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client as V2Client, StreamableHTTPClientTransport as V2Http } from '@modelcontextprotocol/client';
import { StdioClientTransport as V2Stdio } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1Stdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as V1Http } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../src/serve-http/server.js';
import { prepare } from '../src/server/prepare.js';
import { pveEnv, pveTarget, pveTools, upid } from './fixtures.js';
import { startLoggingUpstream } from './support/logging-upstream.js';

type Answer = 'accept' | 'decline' | 'cancel';
type ClientKind = 'v1' | 'v2-2025' | 'v2-2026';

const SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/confirm-server.ts');
const GATE = 'g'.repeat(40);
const STOP = { name: 'stop_qemu', arguments: { node: 'pve1', vmid: 100, timeout: 30 } };
const PROMPT =
  'Run stop_qemu: POST /nodes/pve1/qemu/100/status/stop (timeout=30)? It is destructive and cannot be undone.';

let upstream: Awaited<ReturnType<typeof startLoggingUpstream>>;
let httpUrl: string;
let closeHttp: () => Promise<void>;

beforeAll(async () => {
  upstream = await startLoggingUpstream(() => ({ body: { data: upid() } }));
  const http = {
    envPrefix: 'PVE_MCP_',
    transportEnv: 'MCP_TRANSPORT',
    defaultPort: 17718,
    userCredentialHeader: 'X-PVE-Token',
    credentialCheckPath: '/version',
  };
  const target = { ...pveTarget, http };
  const prepared = prepare({
    definition: { target, tools: pveTools },
    env: pveEnv({ PVE_BASE_URL: upstream.url, PVE_ACCESS_TIER: 'full', PVE_LOG_LEVEL: 'error' }),
    transport: 'http',
  });
  const running = await serveHttp({
    prepared,
    target,
    http: {
      host: '127.0.0.1',
      port: 0,
      gateToken: GATE,
      allowedHosts: ['127.0.0.1:*'],
      allowedOrigins: [],
      trustedProxies: [],
      plaintextAcknowledged: false,
      allowServerCredential: true,
      credentialCacheMs: 0,
      logFormat: 'text',
    },
  });
  httpUrl = running.url;
  closeHttp = running.close;
});

afterAll(async () => {
  await closeHttp?.();
  await upstream?.close();
});

/** A connected client; `answer` (changeable) is what the person answers, `asked` the questions shown. */
interface Open {
  call(params: typeof STOP): Promise<{ isError?: boolean; content: { text?: string }[] }>;
  listedProperties(name: string): Promise<string[]>;
  asked: string[];
  setAnswer(answer: Answer): void;
  close(): Promise<void>;
}

function elicitationResult(answer: Answer) {
  return answer === 'accept' ? { action: 'accept' as const, content: { confirm: true } } : { action: answer };
}

async function open(options: { kind: ClientKind; transport: 'stdio' | 'http'; elicitation: boolean }): Promise<Open> {
  const asked: string[] = [];
  let answer: Answer = 'accept';
  const handle = (message: string) => {
    asked.push(message);
    return elicitationResult(answer);
  };
  const capabilities = options.elicitation ? { elicitation: { form: {} } } : {};
  const env = { ...(process.env as Record<string, string>), UPSTREAM_URL: upstream.url };
  const headers = { Authorization: `Bearer ${GATE}` };
  if (options.kind === 'v1') {
    const client = new V1Client({ name: 'matrix-v1', version: '0.0.0' }, { capabilities });
    if (options.elicitation)
      client.setRequestHandler(ElicitRequestSchema, async (request) => handle(request.params.message));
    const transport =
      options.transport === 'stdio'
        ? new V1Stdio({ command: process.execPath, args: ['--import', 'tsx', SERVER_SCRIPT], env })
        : new V1Http(new URL(httpUrl), { requestInit: { headers } });
    await client.connect(transport);
    return wrap({ client, asked, setAnswer: (next) => (answer = next) });
  }
  const mode = options.kind === 'v2-2026' ? { pin: '2026-07-28' } : 'legacy';
  const client = new V2Client(
    { name: 'matrix-v2', version: '0.0.0' },
    { capabilities, versionNegotiation: { mode } as never },
  );
  if (options.elicitation)
    client.setRequestHandler('elicitation/create', async (request) =>
      handle((request.params as { message: string }).message),
    );
  const transport =
    options.transport === 'stdio'
      ? new V2Stdio({ command: process.execPath, args: ['--import', 'tsx', SERVER_SCRIPT], env })
      : new V2Http(new URL(httpUrl), { requestInit: { headers } });
  await client.connect(transport);
  return wrap({ client, asked, setAnswer: (next) => (answer = next) });
}

function wrap(options: {
  client: {
    callTool(params: unknown): Promise<unknown>;
    listTools(): Promise<{ tools: { name: string; inputSchema: { properties?: object } }[] }>;
    close(): Promise<void>;
  };
  asked: string[];
  setAnswer(answer: Answer): void;
}): Open {
  const { client } = options;
  return {
    call: (params) => client.callTool(params) as never,
    listedProperties: async (name) =>
      Object.keys((await client.listTools()).tools.find((tool) => tool.name === name)?.inputSchema.properties ?? {}),
    asked: options.asked,
    setAnswer: options.setAnswer,
    close: () => client.close(),
  };
}

const text = (result: { content: { text?: string }[] }) => result.content[0]?.text ?? '';
const stops = () => upstream.log.filter((request) => request.target === '/api2/json/nodes/pve1/qemu/100/status/stop');

/** The rows where the server can ask the person. */
const ASKING: { kind: ClientKind; transport: 'stdio' | 'http' }[] = [
  { kind: 'v1', transport: 'stdio' },
  { kind: 'v2-2025', transport: 'stdio' },
  { kind: 'v2-2026', transport: 'stdio' },
  { kind: 'v2-2026', transport: 'http' },
];

/** The rows where it cannot: a 2025-era request over stateless HTTP. */
const NOT_ASKING: { kind: ClientKind; transport: 'stdio' | 'http' }[] = [
  { kind: 'v1', transport: 'http' },
  { kind: 'v2-2025', transport: 'http' },
];

describe.each(ASKING)('$kind client over $transport, with elicitation: the person is asked', ({ kind, transport }) => {
  it('hides confirm; asks naming the call; accept runs it once, decline and cancel send nothing and say which; confirm: true does not skip the question', async () => {
    const client = await open({ kind, transport, elicitation: true });
    try {
      expect(await client.listedProperties('stop_qemu')).not.toContain('confirm');
      const before = stops().length;
      client.setAnswer('decline');
      expect(text(await client.call(STOP))).toBe(
        'Declined: the user declined stop_qemu: POST /nodes/pve1/qemu/100/status/stop (timeout=30). Nothing was sent upstream.',
      );
      client.setAnswer('cancel');
      expect(text(await client.call(STOP))).toBe(
        'Cancelled: the user dismissed the question about stop_qemu: POST /nodes/pve1/qemu/100/status/stop (timeout=30) without answering. Nothing was sent upstream.',
      );
      client.setAnswer('decline');
      const forced = await client.call({ ...STOP, arguments: { ...STOP.arguments, confirm: true } as never });
      expect(text(forced)).toMatch(/^Declined: /);
      expect(stops().length).toBe(before);
      client.setAnswer('accept');
      const accepted = await client.call(STOP);
      expect(accepted.isError).toBeFalsy();
      expect(stops().length).toBe(before + 1);
      expect(client.asked).toEqual([PROMPT, PROMPT, PROMPT, PROMPT]);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe.each(NOT_ASKING)(
  '$kind client over $transport (2025 era, stateless HTTP): confirm is the fallback',
  ({ kind, transport }) => {
    it('lists confirm, refuses without it, runs with it, and never asks', async () => {
      const client = await open({ kind, transport, elicitation: true });
      try {
        expect(await client.listedProperties('stop_qemu')).toContain('confirm');
        const before = stops().length;
        expect(text(await client.call(STOP))).toBe(
          'Refused: stop_qemu is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.',
        );
        expect(stops().length).toBe(before);
        const confirmed = await client.call({ ...STOP, arguments: { ...STOP.arguments, confirm: true } as never });
        expect(confirmed.isError).toBeFalsy();
        expect(stops().length).toBe(before + 1);
        expect(client.asked).toEqual([]);
      } finally {
        await client.close();
      }
    }, 60_000);
  },
);

describe('a client without elicitation (v2, 2026 era, stdio): confirm is the fallback', () => {
  it('lists confirm and refuses without it', async () => {
    const client = await open({ kind: 'v2-2026', transport: 'stdio', elicitation: false });
    try {
      expect(await client.listedProperties('stop_qemu')).toContain('confirm');
      const before = stops().length;
      expect(text(await client.call(STOP))).toMatch(/^Refused: stop_qemu is destructive/);
      expect(stops().length).toBe(before);
    } finally {
      await client.close();
    }
  }, 60_000);
});
