import { FIELDS, type LexiconRule, type SearchIndexData } from './data.js';
import type { Concept } from './query.js';

/** BM25 saturation: the third occurrence of a word adds little over the second. */
const K1 = 1.2;

/**
 * A loaded index, inverted: per stem, the documents holding it with their BM25F weighted term
 * frequency (field weights and length normalisation already applied), so that a query touches
 * only the documents that hold one of its words.
 */
export interface SearchIndex {
  readonly lexicon: readonly LexiconRule[];
  readonly postings: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Words in each tool's name: the shorter name wins a tie. */
  readonly nameLengths: ReadonlyMap<string, number>;
  readonly size: number;
}

export function loadIndex(data: SearchIndexData): SearchIndex {
  const split = data.docs.map((doc) => ({
    name: doc.name,
    fields: doc.fields.map((field) => (field === '' ? [] : field.split(' '))),
  }));
  const averages = FIELDS.map((_, at) =>
    Math.max(1, split.reduce((sum, doc) => sum + doc.fields[at]!.length, 0) / Math.max(1, split.length)),
  );
  const postings = new Map<string, Map<string, number>>();
  for (const doc of split) {
    doc.fields.forEach((words, at) => {
      const field = FIELDS[at]!;
      const share = field.weight / (1 - field.b + (field.b * words.length) / averages[at]!);
      for (const word of words) {
        let holders = postings.get(word);
        if (!holders) postings.set(word, (holders = new Map()));
        holders.set(doc.name, (holders.get(doc.name) ?? 0) + share);
      }
    });
  }
  const nameLengths = new Map(split.map((doc) => [doc.name, doc.fields[0]!.length]));
  return { lexicon: data.lexicon, postings, nameLengths, size: split.length };
}

/**
 * BM25F scores of every document holding a query word: per concept, the best of its ways (a way
 * being one or more stems that count together), summed over the concepts.
 */
export function scoreDocuments(options: { index: SearchIndex; concepts: readonly Concept[] }): Map<string, number> {
  const { index } = options;
  const totals = new Map<string, number>();
  for (const concept of options.concepts) {
    const best = new Map<string, number>();
    for (const way of concept.ways) {
      const sums = new Map<string, number>();
      for (const term of way)
        for (const [name, score] of termScores({ index, term })) sums.set(name, (sums.get(name) ?? 0) + score);
      for (const [name, sum] of sums) if (sum > (best.get(name) ?? 0)) best.set(name, sum);
    }
    for (const [name, score] of best) totals.set(name, (totals.get(name) ?? 0) + score);
  }
  return totals;
}

function* termScores(options: { index: SearchIndex; term: string }): Generator<[string, number]> {
  const holders = options.index.postings.get(options.term);
  if (!holders) return;
  const idf = Math.log(1 + (options.index.size - holders.size + 0.5) / (holders.size + 0.5));
  for (const [name, weighted] of holders) yield [name, (idf * weighted) / (K1 + weighted)];
}
