import type { CallOutcome } from './tools/result.js';

/** Logs go to stderr only: stdout belongs to the MCP stdio transport. Never pass a secret in. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** One structured record per tool call: who, what, outcome, how long. */
  audit(record: AuditRecord): void;
}

export interface AuditRecord {
  readonly user: string;
  readonly tool: string;
  readonly outcome: CallOutcome;
  readonly durationMs: number;
}

export type LogFormat = 'text' | 'json';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: { readonly level: LogLevel; readonly name: string; readonly format?: LogFormat }): Logger {
  const json = options.format === 'json';
  const emit = (level: LogLevel, message: string, fields?: object) => {
    if (RANK[level] < RANK[options.level]) return;
    const line = json
      ? JSON.stringify({ time: new Date().toISOString(), level, logger: options.name, msg: message, ...fields })
      : `[${options.name}] ${level}: ${message}${fields ? ` ${Object.entries(fields).map(([key, value]) => `${key}=${String(value)}`).join(' ')}` : ''}`;
    process.stderr.write(`${line}\n`);
  };
  return {
    debug: (message) => emit('debug', message),
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
    audit: (record) => emit('info', 'tool call', { audit: true, ...record }),
  };
}
