import { InputError, pointer } from '../ir/errors.js';
import type { IrApi, IrOperation, IrSkipped, SafetyClass } from '../ir/types.js';

/**
 * Target-file rules applied to the IR after any source adapter: skip rules,
 * categories (tags derived from paths) and safety rules. Patterns are regular
 * expressions over `METHOD /path`. A rule that matches nothing is an error, so
 * that the rules stay true as the upstream changes.
 */
export interface ClassifyRules {
  readonly file: string;
  readonly skip: readonly { readonly match: string; readonly reason: string }[];
  readonly categories: readonly { readonly name: string; readonly match: string }[];
  readonly safetyRules: readonly { readonly match: string; readonly safety: SafetyClass; readonly why: string }[];
  /** Operations whose id, path or summary says delete/remove/... but that are not destructive, and why. */
  readonly notDestructive?: readonly { readonly match: string; readonly why: string }[];
  /** Boilerplate in upstream prose, rewritten (regular expression over summary and description). */
  readonly descriptionRewrites?: readonly { readonly match: string; readonly replace: string }[];
  /** Where these lists sit in the target file (`['upstreams', 0]` for a nested upstream's rules). */
  readonly at?: readonly (string | number)[];
}

export function classify(options: { api: IrApi; rules: ClassifyRules }): IrApi {
  const { api, rules } = options;
  const { kept, skipped } = applySkips({ operations: api.operations, rules });
  const tagged = rules.categories.length > 0 ? applyCategories({ operations: kept, rules }) : kept;
  const safe = applySafety({ operations: tagged, rules });
  const notDestructive = checkDestructiveWords({ operations: safe, rules });
  return {
    ...api,
    operations: applyRewrites({ operations: safe, rules }),
    skipped: [...api.skipped, ...skipped],
    notDestructive,
  };
}

/** Words that say an operation removes something; matched at the start of a word of the id, path or summary (and any DELETE says so). */
const DESTRUCTIVE_WORDS = ['delet', 'remov', 'destroy', 'purg', 'wipe', 'wiping', 'reset', 'prune', 'pruning'];

function saysDestructive(operation: IrOperation): boolean {
  if (operation.method === 'DELETE') return true;
  const texts = [operation.operationId ?? '', operation.path, operation.summary ?? ''];
  const words = texts.flatMap((text) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/),
  );
  return words.some((word) => DESTRUCTIVE_WORDS.some((stem) => word.startsWith(stem)));
}

/**
 * Every operation whose id, path or summary says delete/remove/destroy/purge/wipe/reset/prune
 * is destructive (a safety rule of the target file makes it so), or the target file says under
 * `notDestructive` why it is not. Anything else fails the run, naming the operations: a new
 * `POST /things/delete` upstream is noticed instead of served without confirmation.
 */
function checkDestructiveWords(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrSkipped[] {
  const { file } = options.rules;
  const rules = ruleSet({ rules: options.rules.notDestructive ?? [], file, list: 'notDestructive' });
  const explained: IrSkipped[] = [];
  const unexplained: string[] = [];
  for (const operation of options.operations) {
    if (operation.safety === 'destructive' || !saysDestructive(operation)) continue;
    const hit = rules.entries.find(({ regex }) => regex.test(operation.key));
    if (!hit) unexplained.push(`${operation.key}${operation.operationId ? ` (${operation.operationId})` : ''}`);
    else {
      rules.use(hit.index);
      explained.push({ key: operation.key, reason: hit.rule.why, source: operation.source });
    }
  }
  if (unexplained.length > 0) {
    throw new InputError(
      `${file}#/safetyRules`,
      `${unexplained.length} operations say delete/remove/destroy/purge/wipe/reset/prune but are not destructive: ${unexplained.join(', ')}; mark them destructive under safetyRules or say why not under notDestructive`,
    );
  }
  rules.verify();
  return explained;
}

/** A list of rules from the target file, compiled once, remembering which ones matched. */
function ruleSet<R extends { readonly match: string }>(options: {
  rules: readonly R[];
  file: string;
  list: string;
  flags?: string;
  at?: readonly (string | number)[] | undefined;
}) {
  const { rules, file } = options;
  const list = [...(options.at ?? []), options.list];
  const entries = rules.map((rule, index) => ({
    rule,
    index,
    regex: compile({ match: rule.match, flags: options.flags, file, at: pointer(...list, index, 'match') }),
  }));
  const used = new Set<number>();
  return {
    entries,
    use: (index: number) => used.add(index),
    /** A rule that matched nothing fails the run, naming it by JSON pointer. */
    verify: () => {
      const unused = entries.find((entry) => !used.has(entry.index));
      if (unused) throw new InputError(`${file}#${pointer(...list, unused.index)}`, 'this rule matches no operation');
    },
  };
}

function compile(options: { match: string; flags: string | undefined; file: string; at: string }): RegExp {
  try {
    return new RegExp(options.match, options.flags);
  } catch (error) {
    throw new InputError(`${options.file}#${options.at}`, `invalid regular expression: ${(error as Error).message}`);
  }
}

function applySkips(options: { operations: readonly IrOperation[]; rules: ClassifyRules }) {
  const rules = ruleSet({ rules: options.rules.skip, file: options.rules.file, list: 'skip', at: options.rules.at });
  const skipped: IrSkipped[] = [];
  const kept = options.operations.filter((operation) => {
    const hit = rules.entries.find(({ regex }) => regex.test(operation.key));
    if (!hit) return true;
    rules.use(hit.index);
    skipped.push({ key: operation.key, reason: hit.rule.reason, source: operation.source });
    return false;
  });
  rules.verify();
  return { kept, skipped };
}

function applyCategories(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrOperation[] {
  const { file } = options.rules;
  const rules = ruleSet({ rules: options.rules.categories, file, list: 'categories', at: options.rules.at });
  const tagged = options.operations.map((operation) => {
    const hits = rules.entries.filter(({ regex }) => regex.test(operation.key));
    hits.forEach((hit) => rules.use(hit.index));
    if (hits.length === 0)
      throw new InputError(
        file,
        `no category matches ${operation.key} (${operation.source.file}#${operation.source.pointer}); add one under categories`,
      );
    return { ...operation, tags: [...new Set(hits.map((hit) => hit.rule.name))] };
  });
  rules.verify();
  return tagged;
}

function applySafety(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrOperation[] {
  const rules = ruleSet({
    rules: options.rules.safetyRules,
    file: options.rules.file,
    list: 'safetyRules',
    at: options.rules.at,
  });
  const classified = options.operations.map((operation) => {
    const hit = rules.entries.find(({ regex }) => regex.test(operation.key));
    if (!hit) return operation;
    rules.use(hit.index);
    return { ...operation, safety: hit.rule.safety };
  });
  rules.verify();
  return classified;
}

function applyRewrites(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrOperation[] {
  const rules = ruleSet({
    rules: options.rules.descriptionRewrites ?? [],
    file: options.rules.file,
    list: 'descriptionRewrites',
    at: options.rules.at,
    flags: 'g',
  });
  const rewrite = (text: string | undefined) => {
    if (text === undefined) return undefined;
    let out = text;
    for (const { regex, rule, index } of rules.entries) {
      const next = out.replace(regex, rule.replace);
      if (next !== out) rules.use(index);
      out = next;
    }
    return out.trim();
  };
  const rewritten = options.operations.map((operation) => {
    const summary = rewrite(operation.summary);
    const description = rewrite(operation.description);
    return {
      ...operation,
      ...(summary !== undefined ? { summary } : {}),
      ...(description !== undefined ? { description } : {}),
    };
  });
  rules.verify();
  return rewritten;
}
