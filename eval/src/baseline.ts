/**
 * The plain baseline the issue compares against: Okapi BM25 (k1 1.2, b 0.75) over one
 * field made of a tool's name, title and description; lower-cased words split at anything
 * that is not a letter or digit, no stemming, no synonyms.
 */
export interface BaselineDoc {
  readonly name: string;
  readonly text: string;
}

export function baselineRanker(docs: readonly BaselineDoc[]): (query: string) => string[] {
  const tokenised = docs.map((doc) => ({ name: doc.name, words: words(doc.text) }));
  const averageLength = tokenised.reduce((sum, doc) => sum + doc.words.length, 0) / Math.max(1, tokenised.length);
  const frequency = new Map<string, number>();
  for (const doc of tokenised)
    for (const word of new Set(doc.words)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const idf = (word: string) =>
    Math.log(1 + (tokenised.length - (frequency.get(word) ?? 0) + 0.5) / ((frequency.get(word) ?? 0) + 0.5));
  return (query) => {
    const terms = [...new Set(words(query))];
    return tokenised
      .map((doc) => ({
        name: doc.name,
        score: terms.reduce((sum, term) => sum + termScore({ term, doc: doc.words, idf: idf(term), averageLength }), 0),
      }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1))
      .map((entry) => entry.name);
  };
}

function termScore(options: { term: string; doc: readonly string[]; idf: number; averageLength: number }): number {
  const count = options.doc.filter((word) => word === options.term).length;
  if (count === 0) return 0;
  const norm = 1.2 * (1 - 0.75 + (0.75 * options.doc.length) / options.averageLength);
  return (options.idf * count * 2.2) / (count + norm);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
