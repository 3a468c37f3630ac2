import { FIELDS, type LexiconRule, type SearchIndexData } from './data.js';
import type { Concept } from './query.js';

/** BM25 saturation: the third occurrence of a word adds little over the second. */
const K1 = 1.2;

interface Document {
  readonly name: string;
  /** Per field: stem -> count. */
  readonly counts: readonly ReadonlyMap<string, number>[];
  readonly lengths: readonly number[];
}

/** A loaded index: documents with term counts, field length averages and document frequencies. */
export interface SearchIndex {
  readonly lexicon: readonly LexiconRule[];
  readonly documents: ReadonlyMap<string, Document>;
  readonly averageLengths: readonly number[];
  readonly frequency: ReadonlyMap<string, number>;
}

export function loadIndex(data: SearchIndexData): SearchIndex {
  const documents = new Map<string, Document>();
  const frequency = new Map<string, number>();
  const totals = FIELDS.map(() => 0);
  for (const doc of data.docs) {
    const fields = doc.fields.map((field) => (field === '' ? [] : field.split(' ')));
    const counts = fields.map(countWords);
    fields.forEach((words, index) => (totals[index]! += words.length));
    for (const word of new Set(fields.flat())) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    documents.set(doc.name, { name: doc.name, counts, lengths: fields.map((words) => words.length) });
  }
  const averageLengths = totals.map((total) => Math.max(1, total / Math.max(1, data.docs.length)));
  return { lexicon: data.lexicon, documents, averageLengths, frequency };
}

function countWords(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** BM25F: field-weighted, length-normalised term frequency, saturated, times the term's rarity. */
export function scoreDocument(options: { index: SearchIndex; name: string; concepts: readonly Concept[] }): number {
  const { index, concepts } = options;
  const document = index.documents.get(options.name);
  if (!document) return 0;
  let score = 0;
  for (const concept of concepts) {
    let best = 0;
    for (const way of concept.ways) best = Math.max(best, way.reduce((sum, term) => sum + termScore({ index, document, term }), 0));
    score += best;
  }
  return score;
}

function termScore(options: { index: SearchIndex; document: Document; term: string }): number {
  const { index, document, term } = options;
  let weighted = 0;
  FIELDS.forEach((field, at) => {
    const count = document.counts[at]!.get(term);
    if (!count) return;
    weighted += (field.weight * count) / (1 - field.b + (field.b * document.lengths[at]!) / index.averageLengths[at]!);
  });
  if (weighted === 0) return 0;
  return idf({ index, term }) * (weighted / (K1 + weighted));
}

function idf(options: { index: SearchIndex; term: string }): number {
  const total = options.index.documents.size;
  const containing = options.index.frequency.get(options.term) ?? 0;
  return Math.log(1 + (total - containing + 0.5) / (containing + 0.5));
}
