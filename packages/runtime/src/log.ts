import type { LogLevel } from './config/load.js';

/** Logs go to stderr only: stdout belongs to the MCP stdio transport. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: { readonly level: LogLevel; readonly name: string }): Logger {
  const write = (level: LogLevel) => (message: string) => {
    if (RANK[level] >= RANK[options.level]) process.stderr.write(`[${options.name}] ${level}: ${message}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
