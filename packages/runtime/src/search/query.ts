import type { LexiconRule } from './data.js';
import { isStopword, stemOf, splitWords } from './tokens.js';

/**
 * One thing the user said: a word, or a lexicon phrase, with the ways the index could say
 * it; each way is one or more stems that count together ("node status"). A document scores
 * a concept once, by its best way, so that a word with many synonyms does not count more
 * than a word with none.
 */
export interface Concept {
  readonly ways: readonly (readonly string[])[];
}

/** A concept and what makes two of them the same: the word, or the lexicon meaning ("vm" and "vms"). */
interface Said {
  readonly concept: Concept;
  readonly key: string;
}

/**
 * The concepts of a query. Lexicon phrases are matched on the stems, stop words included
 * ("power on", "tear down"), longest first; a one-word phrase keeps the word itself as a
 * term, a longer one is replaced by what it means. Remaining stop words are dropped.
 */
export function conceptsOf(options: { query: string; lexicon: readonly LexiconRule[] }): Concept[] {
  const words = splitWords(options.query).map(stemOf);
  const said: Said[] = [];
  for (let at = 0; at < words.length;) {
    const rules = longestRules({ words, at, lexicon: options.lexicon });
    if (rules.length > 0) {
      const length = rules[0]!.say.length;
      const own = length === 1 && !isStopword(words[at]!) ? [[words[at]!]] : [];
      const means = unique(rules.flatMap((rule) => rule.means));
      said.push({ concept: { ways: [...own, ...means] }, key: `means ${means.map((way) => way.join(' ')).join('|')}` });
      at += length;
      continue;
    }
    if (!isStopword(words[at]!)) said.push({ concept: { ways: [[words[at]!]] }, key: words[at]! });
    at += 1;
  }
  return merge(said);
}

/** Every rule whose phrase starts at `at`, of the longest length that matches. */
function longestRules(options: {
  words: readonly string[];
  at: number;
  lexicon: readonly LexiconRule[];
}): LexiconRule[] {
  const { words, at } = options;
  const matching = options.lexicon.filter((rule) => rule.say.every((word, offset) => words[at + offset] === word));
  const longest = Math.max(0, ...matching.map((rule) => rule.say.length));
  return matching.filter((rule) => rule.say.length === longest);
}

/** The same concept said twice ("vm ... vms") counts once. */
function merge(said: readonly Said[]): Concept[] {
  const seen = new Set<string>();
  return said
    .filter(({ key, concept }) => {
      if (seen.has(key) || concept.ways.length === 0) return false;
      seen.add(key);
      return true;
    })
    .map(({ concept }) => concept);
}

/** Ways said by several rules ("pod" and "pods" both mean "kubernetes pod") once. */
function unique(ways: readonly (readonly string[])[]): (readonly string[])[] {
  const seen = new Set<string>();
  return ways.filter((way) => {
    const key = way.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
