import type { ToolSpec } from '../catalog/types.js';
import { isStopword, stems } from './tokens.js';

/**
 * The search index of a package as the generator emits it (`dist/search.json`) and the runtime
 * loads it on the first search: per tool, the stems of each field; and the target's intent
 * lexicon (everyday words to the API's words), stemmed the same way.
 */
export interface SearchIndexData {
  readonly lexicon: readonly LexiconRule[];
  /** Per tool, the space-joined stems of each of FIELDS, in that order. */
  readonly docs: readonly { readonly name: string; readonly fields: readonly string[] }[];
}

export interface LexiconRule {
  /** A phrase as stems ("tear down" -> ["tear", "down"]). */
  readonly say: readonly string[];
  /** What it means in the API, as alternatives; each is one or more stems that count together ("node status"). */
  readonly means: readonly (readonly string[])[];
}

/** Fields of a search document with their BM25F weight and length normalisation. */
export const FIELDS = [
  { name: 'name', weight: 3, b: 0.5 },
  { name: 'title', weight: 2, b: 0.5 },
  { name: 'summary', weight: 1, b: 0.75 },
  { name: 'path', weight: 1.5, b: 0.5 },
  { name: 'params', weight: 0.5, b: 0.75 },
  // Keywords are written by hand, each a deliberate statement of what the tool is for: no length normalisation.
  { name: 'keywords', weight: 2.5, b: 0 },
] as const;

/** What a tool contributes to its search document. */
export interface SearchSource {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly path?: string | undefined;
  readonly params: readonly string[];
  /** Extra words from the target file (what a proxy's API covers). */
  readonly keywords?: readonly string[] | undefined;
}

/** Longest description prefix indexed: the first sentences say what an operation does, the rest is detail. */
const SUMMARY_CHARS = 400;

export function documentOf(source: SearchSource): { name: string; fields: string[] } {
  const literalPath = (source.path ?? '')
    .split('/')
    .filter((segment) => !segment.startsWith('{'))
    .join(' ');
  const texts = [
    source.name,
    source.title,
    source.description.slice(0, SUMMARY_CHARS),
    literalPath,
    source.params.join(' '),
    (source.keywords ?? []).join(' '),
  ];
  return {
    name: source.name,
    fields: texts.map((text) =>
      stems(text)
        .filter((word) => !isStopword(word))
        .join(' '),
    ),
  };
}

/** A lexicon entry of the target file: several ways of saying one thing, and what they mean in the API (alternatives). */
export interface LexiconEntry {
  readonly say: readonly string[];
  readonly means: readonly string[];
}

export function buildSearchIndexData(options: {
  sources: readonly SearchSource[];
  lexicon: readonly LexiconEntry[];
}): SearchIndexData {
  const lexicon = options.lexicon.flatMap((entry) =>
    entry.say.map((phrase) => ({
      say: stems(phrase),
      means: entry.means.map((meaning) => stems(meaning)).filter((words) => words.length > 0),
    })),
  );
  return { lexicon: mergedRules(lexicon.filter((rule) => rule.say.length > 0)), docs: options.sources.map(documentOf) };
}

/**
 * One rule per stemmed phrase, its meanings those of every rule that said it, in order, once each.
 * Forms of a word stem alike ("environment", "environments"), and an everyday word may sit in more
 * than one entry; the query reads rules of one phrase together anyway, so merging them changes no
 * answer and spares the index and every search the copies (about a tenth of the rules).
 */
function mergedRules(rules: readonly LexiconRule[]): LexiconRule[] {
  const byPhrase = new Map<string, { say: readonly string[]; means: Map<string, readonly string[]> }>();
  for (const rule of rules) {
    const key = rule.say.join(' ');
    let merged = byPhrase.get(key);
    if (!merged) byPhrase.set(key, (merged = { say: rule.say, means: new Map() }));
    for (const meaning of rule.means)
      if (!merged.means.has(meaning.join(' '))) merged.means.set(meaning.join(' '), meaning);
  }
  return [...byPhrase.values()].map(({ say, means }) => ({ say, means: [...means.values()] }));
}

/** What a tool contributes to search, read from its full spec; `keywords` from the target file. */
export function searchSourceOf(options: { spec: ToolSpec; keywords?: readonly string[] | undefined }): SearchSource {
  const { spec } = options;
  const operation = spec.kind === 'operation' ? spec : undefined;
  const params = Object.keys((operation?.inputSchema.properties ?? {}) as object);
  return {
    name: spec.name,
    title: spec.annotations.title,
    description: spec.description,
    path: operation?.path,
    params,
    keywords: options.keywords,
  };
}
