import { createRequire } from 'node:module';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

const ENCODING = 'o200k_base';

/** e.g. "gpt-tokenizer 4.0.0 o200k_base", for the table header. */
export function tokenizerLabel(): string {
  const version = (createRequire(import.meta.url)('gpt-tokenizer/package.json') as { version: string }).version;
  return `gpt-tokenizer ${version} ${ENCODING}`;
}

/**
 * Tokens of a text as a model would read it: special-token look-alikes in tool
 * descriptions are counted as plain text, never rejected.
 */
export function countO200kTokens(text: string): number {
  return countTokens(text, { disallowedSpecial: new Set() });
}

/** Bytes and tokens of a tools/list result, serialized as compact JSON (what the server sends). */
export function measureToolList(result: unknown): { bytes: number; tokens: number } {
  const text = JSON.stringify(result);
  return { bytes: Buffer.byteLength(text), tokens: countO200kTokens(text) };
}
