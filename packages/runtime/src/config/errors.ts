import { maskUserinfo } from '../shaping/redact.js';

/**
 * A configuration problem a user can fix. The server prints its message as one
 * line and exits with code 2; it never shows a stack trace for it.
 */
export class ConfigError extends Error {
  constructor(
    /** The environment variable (or file) at fault. */
    readonly place: string,
    /** What is wrong and what is expected. */
    readonly problem: string,
  ) {
    // A URL variable may carry a password (`https://root:secret@pve:8006`): never print it. One line, always.
    super(`${place}: ${maskUserinfo(problem).replace(/[\r\n]+/g, ' ')}`);
    this.name = 'ConfigError';
  }
}

/** Exit code for bad configuration, as documented in the README. */
export const CONFIG_EXIT_CODE = 2;
