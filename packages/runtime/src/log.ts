import type { CallOutcome } from './tools/result.js';

/**
 * Logs go to stderr only: stdout belongs to the MCP stdio transport. Every line passes
 * the server's redactor (`scrub`); text lines escape control characters, so that a
 * newline in a tool name cannot write a second, forged line (JSON lines are safe by construction).
 */
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
  /** `asked`: the call is waiting for a person's answer; it comes back with the answer as a new call. */
  readonly outcome: CallOutcome | 'asked';
  readonly durationMs: number;
}

export type LogFormat = 'text' | 'json';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: {
  readonly level: LogLevel;
  readonly name: string;
  readonly format?: LogFormat;
  readonly scrub?: (text: string) => string;
}): Logger {
  const json = options.format === 'json';
  const scrub = options.scrub ?? ((text: string) => text);
  const emit = (level: LogLevel, message: string, fields?: object) => {
    if (RANK[level] < RANK[options.level]) return;
    const clean = scrub(message);
    // Field values pass the redactor in both formats (a tool name comes from the client).
    const scrubbed = fields
      ? Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? scrub(value) : value] as const)
      : undefined;
    const line = json
      ? JSON.stringify({
          time: new Date().toISOString(),
          level,
          logger: options.name,
          msg: clean,
          ...Object.fromEntries(scrubbed ?? []),
        })
      : escapeControls(
          `[${options.name}] ${level}: ${clean}${
            scrubbed ? ` ${scrubbed.map(([key, value]) => `${key}=${String(value)}`).join(' ')}` : ''
          }`,
        );
    process.stderr.write(`${line}\n`);
  };
  // A line now keeps its place after the records still waiting.
  const emitNow = (level: LogLevel, message: string) => {
    flushWaiting();
    emit(level, message);
  };
  return {
    debug: (message) => emitNow('debug', message),
    info: (message) => emitNow('info', message),
    warn: (message) => emitNow('warn', message),
    error: (message) => emitNow('error', message),
    audit: (record) => {
      // Nothing is deferred for a record the level leaves out.
      if (RANK.info >= RANK[options.level]) afterThisTurn(() => emit('info', 'tool call', { audit: true, ...record }));
    },
  };
}

/**
 * Audit records are written at the end of the current turn of the event loop, so that a call's
 * answer goes out first: scrubbing and writing the record took about 20 µs on the path of every
 * stdio answer. Any other line, and the process's exit, write the waiting records first, so that
 * the order of lines is kept and none is lost on a normal exit (a crash included: `exit` still runs).
 */
const waiting: (() => void)[] = [];
let exitHooked = false;

function afterThisTurn(write: () => void): void {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', flushWaiting);
  }
  if (waiting.length === 0) setImmediate(flushWaiting);
  waiting.push(write);
}

function flushWaiting(): void {
  for (const write of waiting.splice(0)) write();
}

/** `\n` -> `\\n`, other control characters -> `\\u00XX`: one log record is one line. */
function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) =>
    char === '\n'
      ? '\\n'
      : char === '\r'
        ? '\\r'
        : char === '\t'
          ? '\\t'
          : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
