import { InputError } from '../../ir/errors.js';

/**
 * Proxmox publishes its API schema as `apidoc.js`: `const apiSchema = [ ... ];`
 * followed by viewer code. The array is JSON; it is cut out by bracket matching
 * that respects string literals, and parsed with JSON.parse. Nothing is executed.
 */
export function extractApiSchema(options: { text: string; file: string }): unknown[] {
  const { text, file } = options;
  const trimmed = text.trimStart();
  const json = trimmed.startsWith('[') ? trimmed : arrayText({ text, file });
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new InputError(file, `the apidoc array is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new InputError(file, 'expected a JSON array of apidoc tree nodes');
  return parsed;
}

const DECLARATION = /\b(?:const|var|let)\s+apiSchema\s*=\s*\[/;

function arrayText(options: { text: string; file: string }): string {
  const { text, file } = options;
  const match = DECLARATION.exec(text);
  if (!match) throw new InputError(file, 'neither a JSON array nor JavaScript with `const apiSchema = [`');
  const start = match.index + match[0].length - 1;
  const end = matchingBracket({ text, start });
  if (end === undefined) throw new InputError(file, `the apiSchema array opened at offset ${start} is never closed`);
  return text.slice(start, end + 1);
}

/** Index of the `]` closing the `[` at `start`, skipping brackets inside strings. */
function matchingBracket(options: { text: string; start: number }): number | undefined {
  const { text } = options;
  let depth = 0;
  let quote: string | undefined;
  for (let index = options.start; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return undefined;
}
