import type { Overlay } from './types.js';

/** The value at an RFC 6901 pointer inside a parsed document, or undefined; only own keys are followed. */
export function resolvePointer(options: { root: unknown; pointer: string }): unknown {
  const tokens = options.pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = options.root;
  for (const token of tokens) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Removes keywords at each pointer; an entry none of whose keywords is there fails (`fail` names it). */
export function stripKeywordsAt(options: {
  root: unknown;
  strips: Overlay['stripKeywords'];
  fail: (entry: string) => Error;
}): void {
  for (const strip of options.strips ?? []) {
    const target = resolvePointer({ root: options.root, pointer: strip.pointer });
    const present = strip.keywords.filter(
      (keyword) => target && typeof target === 'object' && Object.hasOwn(target, keyword),
    );
    if (present.length === 0)
      throw options.fail(`stripKeywords entry '${strip.pointer}' (${strip.keywords.join(', ')})`);
    present.forEach((keyword) => delete (target as Record<string, unknown>)[keyword]);
  }
}
