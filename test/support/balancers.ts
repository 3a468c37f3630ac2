/**
 * Real load balancers for the replica tests: nginx and HAProxy from the Debian packages
 * (`.ci/run` installs them when missing), started on 127.0.0.1 with a configuration
 * written to a temp folder, in their own process group with an orphan guard, and
 * stopped by the test. `checkConfig` runs each one's own check mode (`nginx -t`,
 * `haproxy -c`) on a file, for the examples under `deploy/`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startOrphanGuard, stopChild } from './process-group.js';

export type BalancerKind = 'nginx' | 'haproxy';
export type Algorithm = 'round-robin' | 'least-connections';

/** Where each balancer lives on Debian (sbin may be off a normal user's PATH). */
const BINARIES: Record<BalancerKind, string> = { nginx: '/usr/sbin/nginx', haproxy: '/usr/sbin/haproxy' };

export function balancerBinary(kind: BalancerKind): string {
  const binary = BINARIES[kind];
  if (!existsSync(binary))
    throw new Error(
      `${binary} is missing: install Debian's ${kind === 'nginx' ? 'nginx-light' : 'haproxy'} package (.ci/run does)`,
    );
  return binary;
}

export interface RunningBalancer {
  readonly origin: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** nginx as the examples in deploy/ configure it, on loopback ports. Passive health: a failed replica is skipped for 10 s. */
export function nginxConfig(options: {
  dir: string;
  port: number;
  replicas: readonly number[];
  algorithm: Algorithm;
}): string {
  const servers = options.replicas
    .map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=10s;`)
    .join('\n');
  return `worker_processes 1;
pid ${options.dir}/nginx.pid;
error_log ${options.dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${options.dir}/body;
  proxy_temp_path ${options.dir}/proxy;
  fastcgi_temp_path ${options.dir}/fastcgi;
  uwsgi_temp_path ${options.dir}/uwsgi;
  scgi_temp_path ${options.dir}/scgi;
  upstream mcp {
${options.algorithm === 'least-connections' ? '    least_conn;\n' : ''}${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${options.port};
    location / {
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`;
}

/** HAProxy as the examples in deploy/ configure it: active health checks on /health every 500 ms. */
export function haproxyConfig(options: { port: number; replicas: readonly number[]; algorithm: Algorithm }): string {
  const servers = options.replicas
    .map((port, index) => `  server replica${index + 1} 127.0.0.1:${port} check inter 500ms fall 2 rise 1`)
    .join('\n');
  return `global
  maxconn 2048
  log stderr format short local0 notice
defaults
  mode http
  log global
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 2
  option redispatch
frontend mcp
  bind 127.0.0.1:${options.port}
  default_backend replicas
backend replicas
  balance ${options.algorithm === 'least-connections' ? 'leastconn' : 'roundrobin'}
  option httpchk GET /health
  option forwardfor
  http-reuse safe
${servers}
`;
}

export async function startBalancer(options: {
  kind: BalancerKind;
  port: number;
  replicas: readonly number[];
  algorithm: Algorithm;
}): Promise<RunningBalancer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `mcpgen-${options.kind}-`));
  const config = path.join(dir, `${options.kind}.conf`);
  await writeFile(config, options.kind === 'nginx' ? nginxConfig({ dir, ...options }) : haproxyConfig(options));
  const args =
    options.kind === 'nginx'
      ? ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', config, '-g', 'daemon off;']
      : ['-db', '-f', config];
  const child = spawn(balancerBinary(options.kind), args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const guard = startOrphanGuard(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-200_000);
  });
  const origin = `http://127.0.0.1:${options.port}`;
  const balancer: RunningBalancer = {
    origin,
    stderr: () => stderr,
    stop: async () => {
      await stopChild(child);
      guard.release();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth({ origin, exited: () => child.exitCode !== null, timeoutMs: 20_000 });
  } catch (error) {
    await balancer.stop();
    throw new Error(`${options.kind} did not start: ${(error as Error).message}\n${stderr}`);
  }
  return balancer;
}

/** Polls `GET /health` through the balancer until a replica answers 200 (bounded). */
async function waitForHealth(options: { origin: string; exited: () => boolean; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (options.exited()) throw new Error('the process exited');
    try {
      const response = await fetch(`${options.origin}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no healthy answer within ${options.timeoutMs} ms (${last})`);
}

/** The balancer's own check mode on a configuration file: exit code and output. */
export function checkConfig(options: { kind: BalancerKind; file: string; env?: Record<string, string> }): {
  code: number | null;
  output: string;
} {
  const args =
    options.kind === 'nginx'
      ? ['-t', '-q', '-p', path.dirname(options.file), '-e', '/dev/stderr', '-c', options.file]
      : ['-c', '-f', options.file];
  const result = spawnSync(balancerBinary(options.kind), args, {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, ...options.env },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}
