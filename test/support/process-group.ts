import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * Helpers for servers a test starts in their own process group (`detached: true`),
 * so that stop() reaches the whole group (shell shims, forks) and nothing is left behind.
 */
const STOP_GRACE_MS = 3000;

/**
 * A child in its own group is reached neither by Ctrl-C nor by the death of the test
 * worker, and afterAll never runs when the worker is killed. This sidecar (in OUR group,
 * ignoring SIGINT/SIGTERM) waits for its stdin to close, which happens when this process
 * ends for any reason including SIGKILL, and then kills the child's group. After a normal
 * stop it is disarmed first (one byte), so it never signals a reused group id.
 */
export function startOrphanGuard(child: ChildProcess): { release(): void } {
  if (child.pid === undefined) return { release: () => undefined };
  const script = [
    "process.on('SIGINT', () => {}); process.on('SIGTERM', () => {});",
    "process.stdin.on('data', () => process.exit(0));",
    `process.stdin.on('close', () => { try { process.kill(-${child.pid}, 'SIGKILL'); } catch {} process.exit(0); });`,
  ].join('\n');
  const guard = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'ignore', 'ignore'] });
  guard.unref();
  const stdin = guard.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null;
  stdin?.unref?.(); // must not keep the test process alive
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      stdin?.end('disarm');
    },
  };
}

/** SIGTERM to the group, SIGKILL after a grace period, resolved when the child exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
