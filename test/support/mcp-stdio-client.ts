/**
 * Connects an MCP SDK v2 client to a server started as a child process over stdio.
 *
 * The child gets only the variables passed in `env` plus the SDK's small safe default set
 * (HOME, LOGNAME, PATH, SHELL, TERM, USER), and XDG_CACHE_HOME so that code caches of test
 * servers stay in the test's folder (vitest.config.ts): PORTAINER_* variables from the developer's
 * shell must not change what the test exercises. Its stderr is captured, not inherited,
 * so the test output stays clean and failures can quote it.
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export interface StdioClientOptions {
  command: string;
  args?: string[];
  /** Variables for the server; PATH is added from this process when missing. */
  env: Record<string, string>;
  cwd?: string;
  /** Shown to the server in `initialize`; handy to tell instances apart in its logs. */
  clientName?: string;
}

export interface ConnectedClient {
  client: Client;
  /** Everything the server wrote to stderr so far (capped), for failure messages. */
  stderr(): string;
  close(): Promise<void>;
}

const MAX_STDERR_CHARS = 64 * 1024;

export async function connectStdioClient(options: StdioClientOptions): Promise<ConnectedClient> {
  const transport = new StdioClientTransport({
    command: options.command,
    args: options.args ?? [],
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}),
      ...options.env,
    },
    stderr: 'pipe',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const stderr = captureStderr(transport);
  const client = new Client({ name: options.clientName ?? 'mcp-e2e-test', version: '0.0.0' });
  const close = async (): Promise<void> => {
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
  };
  try {
    await client.connect(transport);
  } catch (error) {
    await close();
    throw new Error(
      `MCP connect to ${options.command} failed: ${(error as Error).message}\n--- server stderr ---\n${stderr()}`,
    );
  }
  return { client, stderr, close };
}

/** Attaches before start(): the SDK hands out the PassThrough early so no output is lost. */
function captureStderr(transport: StdioClientTransport): () => string {
  let text = '';
  transport.stderr?.on('data', (chunk: Buffer | string) => {
    text += chunk.toString();
    if (text.length > MAX_STDERR_CHARS) text = text.slice(-MAX_STDERR_CHARS);
  });
  return () => text;
}
