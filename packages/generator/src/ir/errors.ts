/**
 * A problem with an input the user gave (spec, target file, overlay). The CLI
 * prints it as one line naming the place and exits non-zero, without a stack trace.
 */
export class InputError extends Error {
  constructor(
    /** File, optionally followed by `#` and a JSON pointer. */
    readonly place: string,
    readonly problem: string,
  ) {
    super(`${place}: ${problem}`);
    this.name = 'InputError';
  }
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${pointerToken(String(token))}`).join('');
}
