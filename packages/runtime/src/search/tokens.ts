import stem from 'wink-porter2-stemmer';

/**
 * Words of a name, title, path or question, split where a person sees a word boundary:
 * snake_case, camelCase, kebab-case and path segments; lower-cased. Single letters and
 * bare numbers ("VM 100") carry no meaning for search and are dropped. A plural acronym
 * ("VMs", "IPs", "OSDs") is one word: the camelCase rule alone read it as "V" + "Ms".
 */
export function splitWords(text: string): string[] {
  return text
    .replace(/(?<![A-Z])([A-Z]{2,})s(?![a-z])/g, (_, acronym: string) => ` ${acronym.toLowerCase()}s `)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !/^\d+$/.test(word));
}

/** Porter2 stems (Snowball English, a maintained package): "running" and "runs" meet "run". */
export function stems(text: string): string[] {
  return splitWords(text).map(stemOf);
}

const cache = new Map<string, string>();

export function stemOf(word: string): string {
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word);
    if (cache.size < 10_000) cache.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Words too common to tell operations apart; kept out of the index and of query terms (not of lexicon phrases).
 * Stemmed on first use, not at module load: the search module is loaded at start-up and the first
 * stemming compiles the stemmer's rules, which a server that is never searched should not pay for.
 */
export function isStopword(stemmed: string): boolean {
  return (stopwords ??= new Set(STOPWORD_LIST.map(stemOf))).has(stemmed);
}

let stopwords: ReadonlySet<string> | undefined;

const STOPWORD_LIST: readonly string[] = [
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'from',
  'with',
  'by',
  'and',
  'or',
  'is',
  'are',
  'be',
  'was',
  'it',
  'its',
  'this',
  'that',
  'these',
  'those',
  'my',
  'me',
  'our',
  'your',
  'we',
  'you',
  'please',
  'can',
  'could',
  'would',
  'should',
  'will',
  'do',
  'does',
  'did',
  'there',
  'their',
  'them',
  'any',
  'some',
  'all',
  'each',
  'every',
  'as',
  'into',
  'so',
  'if',
  'then',
  'than',
  'right',
  'now',
  'just',
  'also',
  'one',
  'which',
  'what',
  'whats',
  'who',
  'how',
  'why',
  'when',
  'where',
  'have',
  'has',
  'had',
  'not',
  'no',
  'via',
  'using',
  'use',
  'new',
  'again',
  'want',
  'need',
  'let',
  'make',
  'give',
  'get',
  'show',
  'see',
  'tell',
  'find',
  'more',
  'detail',
  'details',
  'info',
  'information',
  'currently',
  'thing',
  'things',
  'stuff',
];

/**
 * Openings of a question or a request to look: such a query prefers operations that only read.
 * Checked on the raw words, before stemming.
 */
const READ_OPENINGS = new Set([
  'is',
  'are',
  'was',
  'does',
  'do',
  'did',
  'has',
  'have',
  'what',
  'whats',
  'which',
  'who',
  'how',
  'when',
  'where',
  'why',
  'show',
  'list',
  'get',
  'find',
  'check',
  'view',
  'display',
  'see',
  'tell',
  'give',
  'read',
  'fetch',
  'inspect',
  'describe',
  'count',
]);

export function asksToRead(query: string): boolean {
  const first = splitWords(query)[0];
  return query.trim().endsWith('?') || (first !== undefined && READ_OPENINGS.has(first));
}
