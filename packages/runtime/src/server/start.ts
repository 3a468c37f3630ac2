import type { TargetSpec } from '../catalog/target.js';
import type { Env } from '../config/env.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../config/errors.js';
import { transportVariable } from '../serve-http/variables.js';
import { describeSurface, prepare, type Prepared, type ServerDefinition } from './prepare.js';
import { serveStdioFront } from './stdio-front.js';
import { tierUpSooner } from './tier-up.js';

/** Entry point of every generated server: read the environment, select tools, serve stdio or HTTP. */
export async function runServer(definition: ServerDefinition, env: Env = process.env): Promise<void> {
  try {
    const transport = readTransport({ target: definition.target, env });
    if (transport === 'http') await startHttp({ definition, env });
    else
      startStdio({
        prepared: prepare({ definition, env }),
        ...(definition.onReady ? { onReady: definition.onReady } : {}),
      });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.target.packageName}: configuration error: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}

function readTransport(options: { target: TargetSpec; env: Env }): 'stdio' | 'http' {
  const http = options.target.http;
  return http ? transportVariable(http).read(options.env) : 'stdio';
}

/** When the start-up line is written if the client has sent nothing the front answers alone. */
const ANNOUNCE_AFTER_MS = 200;

function startStdio(options: { prepared: Prepared; onReady?: () => void }): void {
  const { prepared } = options;
  const { context, log, config, target } = prepared;
  // Logged once the opening is answered (at the hand-over), or after a moment if the client says nothing:
  // opening stderr costs a millisecond or so that a client would otherwise wait for before its first answer.
  const announce = once(() =>
    log.info(
      `serving ${describeSurface(prepared)} for ${target.displayName} at ${context.baseUrl.origin} over stdio (${config.access.allowedSafety ? config.access.setting : 'full access'})`,
    ),
  );
  setTimeout(announce, ANNOUNCE_AFTER_MS).unref();
  const onServed = options.onReady ? { onServed: once(options.onReady) } : {};
  const sdk = () => {
    announce();
    return import('./stdio-sdk.js').catch((error: unknown) => {
      log.error(`cannot load the MCP SDK: ${error instanceof Error ? error.message : String(error)}`);
      return process.exit(1);
    });
  };
  const io = { input: process.stdin, output: process.stdout };
  // The SDK is loaded after the opening: see stdio-front.ts.
  serveStdioFront({
    prepared,
    ...io,
    ...(onServed.onServed ? { onListed: onServed.onServed } : {}),
    handOver: (handover) =>
      void sdk().then(({ serveStdioWithSdk }) => serveStdioWithSdk({ prepared, handover, ...io, ...onServed })),
    openBehind: (handover) =>
      sdk().then(({ openSdkBehindFront }) =>
        openSdkBehindFront({ prepared, handover, output: io.output, ...onServed }),
      ),
  });
  // Clients stop a stdio server by closing stdin or with SIGTERM: exit normally, so that exit hooks
  // (the launcher's code cache) run instead of the process dying mid-way.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
}

async function startHttp(options: { definition: ServerDefinition; env: Env }): Promise<void> {
  const { target } = options.definition;
  // Loaded only here, so that stdio start-up never pays for the HTTP stack.
  const [{ readHttpConfig }, { serveHttp }] = await Promise.all([
    import('../serve-http/config.js'),
    import('../serve-http/server.js'),
  ]);
  const http = readHttpConfig({ spec: target.http!, env: options.env });
  const prepared = prepare({
    ...options,
    transport: 'http',
    logFormat: http.logFormat,
    transportSecrets: [http.gateToken],
  });
  const running = await serveHttp({ prepared, target, http });
  options.definition.onReady?.();
  // After the launcher's code cache is saved (on the next turn): V8 refuses a cache made under other flags.
  setImmediate(tierUpSooner);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function once(callback: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback();
  };
}
