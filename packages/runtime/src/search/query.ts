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
 * ("power on", "tear down"), in passes (PASSES), each left to right, longest first, then with the
 * fewest skipped words; a phrase may skip up to GAP words between two of its words, and the
 * skipped words are read on their own. A one-word phrase keeps the word itself as a term, a
 * longer one is replaced by what it means. Remaining stop words are dropped.
 */
export function conceptsOf(options: { query: string; lexicon: readonly LexiconRule[] }): Concept[] {
  const words = splitWords(options.query).map(stemOf);
  const used = new Set<number>();
  const said: { at: number; said: Said }[] = [];
  for (const pass of PASSES)
    for (let at = 0; at < words.length; at += 1) {
      if (used.has(at)) continue;
      const found = longestRules({ words, at, lexicon: options.lexicon, used, ...pass });
      if (!found) continue;
      for (const position of found.positions) used.add(position);
      said.push({ at, said: meaningOf({ words, at, found }) });
    }
  words.forEach((word, at) => {
    if (!used.has(at) && !isStopword(word)) said.push({ at, said: { concept: { ways: [[word]] }, key: word } });
  });
  return merge(said.sort((a, b) => a.at - b.at).map((entry) => entry.said));
}

/**
 * Words a phrase may skip between two of its words: people put a name or a detail inside a
 * phrase ("revoke bob's access", "web ui on port 8006 is not loading"). Two was chosen on the
 * dev and tune halves (one and three did less well on tune, dev recall@5 unchanged).
 */
const GAP = 2;

/**
 * Contiguous phrases of two or more words first, then such phrases with words inside them,
 * then one-word phrases: a phrase with a gap must not take a word a contiguous phrase needs
 * ("is the host up to date" is "up to date", not "is ... up"), nor a one-word phrase a word a
 * longer phrase needs ("revoke bob's access" is the phrase, not "access" alone).
 */
const PASSES: readonly { readonly gap: number; readonly shortest: number }[] = [
  { gap: 0, shortest: 2 },
  { gap: GAP, shortest: 2 },
  { gap: 0, shortest: 1 },
];

/** What a matched phrase stands for: its meanings, and a one-word phrase's word itself. */
function meaningOf(options: {
  words: readonly string[];
  at: number;
  found: { rules: readonly LexiconRule[]; positions: readonly number[] };
}): Said {
  const { words, at, found } = options;
  const own = found.positions.length === 1 && !isStopword(words[at]!) ? [[words[at]!]] : [];
  const means = unique(found.rules.flatMap((rule) => rule.means));
  return { concept: { ways: [...own, ...means] }, key: `means ${means.map((way) => way.join(' ')).join('|')}` };
}

/**
 * Every rule of at least `shortest` words whose phrase starts at `at`, of the longest length that
 * matches and then with the fewest skipped words, with the positions of the query it takes.
 */
function longestRules(options: {
  words: readonly string[];
  at: number;
  lexicon: readonly LexiconRule[];
  used: ReadonlySet<number>;
  gap: number;
  shortest: number;
}): { rules: LexiconRule[]; positions: number[] } | undefined {
  const { words, at } = options;
  let best: { rules: LexiconRule[]; positions: number[]; gaps: number } | undefined;
  for (const rule of rulesByFirstWord(options.lexicon).get(words[at]!) ?? []) {
    if (rule.say.length < options.shortest) continue;
    const positions = placeOf({ words, at, say: rule.say, used: options.used, gap: options.gap });
    if (!positions) continue;
    const gaps = positions[positions.length - 1]! - at + 1 - positions.length;
    const longer = rule.say.length - (best?.positions.length ?? 0);
    if (!best || longer > 0 || (longer === 0 && gaps < best.gaps)) best = { rules: [rule], positions, gaps };
    else if (longer === 0 && gaps === best.gaps) best.rules.push(rule);
  }
  return best;
}

const indexed = new WeakMap<readonly LexiconRule[], ReadonlyMap<string, readonly LexiconRule[]>>();

/** The lexicon's rules by the first stem of their phrase, made once per lexicon: a word tries only the phrases it can start. */
function rulesByFirstWord(lexicon: readonly LexiconRule[]): ReadonlyMap<string, readonly LexiconRule[]> {
  let byWord = indexed.get(lexicon);
  if (!byWord) {
    const built = new Map<string, LexiconRule[]>();
    for (const rule of lexicon) {
      const group = built.get(rule.say[0]!);
      if (group) group.push(rule);
      else built.set(rule.say[0]!, [rule]);
    }
    indexed.set(lexicon, (byWord = built));
  }
  return byWord;
}

/**
 * Where a phrase that starts with the word at `at` (rulesByFirstWord) has its other words: each
 * within `gap` words of the one before, none taken by another phrase.
 */
function placeOf(options: {
  words: readonly string[];
  at: number;
  say: readonly string[];
  used: ReadonlySet<number>;
  gap: number;
}): number[] | undefined {
  const { words, at, say } = options;
  const positions = [at];
  for (const word of say.slice(1)) {
    const last = positions[positions.length - 1]!;
    let next = -1;
    for (let step = 1; step <= 1 + options.gap && last + step < words.length; step += 1) {
      if (options.used.has(last + step)) break;
      if (words[last + step] === word) {
        next = last + step;
        break;
      }
    }
    if (next < 0) return undefined;
    positions.push(next);
  }
  return positions;
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
