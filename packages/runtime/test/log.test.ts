import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogLevel } from '../src/log.js';
import { createLogger } from '../src/log.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture() {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return { lines: () => stderr.mock.calls.map((args) => String(args[0])), stdout };
}

function logAll(level: LogLevel): void {
  const log = createLogger({ level, name: 'mcp-portainer' });
  log.debug('d');
  log.info('i');
  log.warn('w');
  log.error('e');
}

describe('createLogger', () => {
  it.each([
    ['debug', ['debug: d', 'info: i', 'warn: w', 'error: e']],
    ['info', ['info: i', 'warn: w', 'error: e']],
    ['warn', ['warn: w', 'error: e']],
    ['error', ['error: e']],
  ] as const)('at level %s writes only that level and above, to stderr', (level, expected) => {
    const output = capture();
    logAll(level);
    expect(output.lines()).toEqual(expected.map((line) => `[mcp-portainer] ${line}\n`));
    expect(output.stdout).not.toHaveBeenCalled();
  });

  it('writes one line per message with the server name', () => {
    const output = capture();
    createLogger({ level: 'info', name: 'mcp-proxmox' }).warn("extra tag 'x' matches no tool");
    expect(output.lines()).toEqual(["[mcp-proxmox] warn: extra tag 'x' matches no tool\n"]);
  });

  it.each(['text', 'json'] as const)(
    'passes the message and every field of a %s line through the redactor (a tool name comes from the client)',
    async (format) => {
      const output = capture();
      // An independent stand-in for the server's redactor: it only has to be called on every value.
      const scrub = (text: string) => text.split('s3cr3t-t0ken-value').join('[redacted]');
      const log = createLogger({ level: 'info', name: 'mcp-test', format, scrub });
      log.audit({ user: 'alice', tool: 'call_operation:x s3cr3t-t0ken-value', outcome: 'refused', durationMs: 3 });
      await new Promise((resolve) => setImmediate(resolve));
      const [line] = output.lines();
      expect(line).not.toContain('s3cr3t-t0ken-value');
      expect(line).toContain('[redacted]');
      if (format === 'json') expect(JSON.parse(line!)).toMatchObject({ user: 'alice', durationMs: 3, audit: true });
    },
  );

  it('writes an audit record after the current turn (a call answers first), and before any later line', async () => {
    const output = capture();
    const log = createLogger({ level: 'info', name: 'mcp-test' });
    log.audit({ user: 'local', tool: 'one', outcome: 'ok', durationMs: 1 });
    expect(output.lines()).toEqual([]);
    log.audit({ user: 'local', tool: 'two', outcome: 'ok', durationMs: 1 });
    log.warn('after both');
    expect(output.lines().map((line) => line.match(/tool=(\w+)|warn: (.*)/)![1] ?? 'warn')).toEqual([
      'one',
      'two',
      'warn',
    ]);
    log.audit({ user: 'local', tool: 'three', outcome: 'ok', durationMs: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.lines()).toHaveLength(4);
    expect(output.lines()[3]).toContain('tool=three');
  });
});
