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
  /** Boilerplate in upstream prose, rewritten (regular expression over summary and description). */
  readonly descriptionRewrites?: readonly { readonly match: string; readonly replace: string }[];
}

export function classify(options: { api: IrApi; rules: ClassifyRules }): IrApi {
  const { api, rules } = options;
  const { kept, skipped } = applySkips({ operations: api.operations, rules });
  const tagged = rules.categories.length > 0 ? applyCategories({ operations: kept, rules }) : kept;
  const safe = applySafety({ operations: tagged, rules });
  return { ...api, operations: applyRewrites({ operations: safe, rules }), skipped: [...api.skipped, ...skipped] };
}

function applyRewrites(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrOperation[] {
  const { rules } = options;
  const rewrites = (rules.descriptionRewrites ?? []).map((rewrite, index) => ({
    index,
    replace: rewrite.replace,
    regex: new RegExp(compile({ match: rewrite.match, file: rules.file, at: pointer('descriptionRewrites', index, 'match') }).source, 'g'),
  }));
  const used = new Set<number>();
  const rewrite = (text: string | undefined) => {
    if (text === undefined) return undefined;
    let out = text;
    for (const { regex, replace, index } of rewrites) {
      const next = out.replace(regex, replace);
      if (next !== out) used.add(index);
      out = next;
    }
    return out.trim();
  };
  const rewritten = options.operations.map((operation) => {
    const summary = rewrite(operation.summary);
    const description = rewrite(operation.description);
    return { ...operation, ...(summary !== undefined ? { summary } : {}), ...(description !== undefined ? { description } : {}) };
  });
  requireAllUsed({ count: rewrites.length, used, file: rules.file, list: 'descriptionRewrites' });
  return rewritten;
}

function compile(options: { match: string; file: string; at: string }): RegExp {
  try {
    return new RegExp(options.match);
  } catch (error) {
    throw new InputError(`${options.file}#${options.at}`, `invalid regular expression: ${(error as Error).message}`);
  }
}

function applySkips(options: { operations: readonly IrOperation[]; rules: ClassifyRules }) {
  const { rules } = options;
  const skipped: IrSkipped[] = [];
  const patterns = rules.skip.map((rule, index) => ({ rule, index, regex: compile({ match: rule.match, file: rules.file, at: pointer('skip', index, 'match') }) }));
  const used = new Set<number>();
  const kept = options.operations.filter((operation) => {
    const hit = patterns.find(({ regex }) => regex.test(operation.key));
    if (!hit) return true;
    used.add(hit.index);
    skipped.push({ key: operation.key, reason: hit.rule.reason, source: operation.source });
    return false;
  });
  requireAllUsed({ count: rules.skip.length, used, file: rules.file, list: 'skip' });
  return { kept, skipped };
}

function applyCategories(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrOperation[] {
  const { rules } = options;
  const patterns = rules.categories.map((category, index) => ({ category, index, regex: compile({ match: category.match, file: rules.file, at: pointer('categories', index, 'match') }) }));
  const used = new Set<number>();
  const tagged = options.operations.map((operation) => {
    const hits = patterns.filter(({ regex }) => regex.test(operation.key));
    hits.forEach((hit) => used.add(hit.index));
    if (hits.length === 0) throw new InputError(rules.file, `no category matches ${operation.key} (${operation.source.file}#${operation.source.pointer}); add one under categories`);
    return { ...operation, tags: [...new Set(hits.map((hit) => hit.category.name))] };
  });
  requireAllUsed({ count: rules.categories.length, used, file: rules.file, list: 'categories' });
  return tagged;
}

function applySafety(options: { operations: readonly IrOperation[]; rules: ClassifyRules }): IrOperation[] {
  const { rules } = options;
  const patterns = rules.safetyRules.map((rule, index) => ({ rule, index, regex: compile({ match: rule.match, file: rules.file, at: pointer('safetyRules', index, 'match') }) }));
  const used = new Set<number>();
  const classified = options.operations.map((operation) => {
    const hit = patterns.find(({ regex }) => regex.test(operation.key));
    if (!hit) return operation;
    used.add(hit.index);
    return { ...operation, safety: hit.rule.safety };
  });
  requireAllUsed({ count: rules.safetyRules.length, used, file: rules.file, list: 'safetyRules' });
  return classified;
}

function requireAllUsed(options: { count: number; used: ReadonlySet<number>; file: string; list: string }): void {
  for (let index = 0; index < options.count; index += 1) {
    if (!options.used.has(index)) throw new InputError(`${options.file}#${pointer(options.list, index)}`, 'this rule matches no operation');
  }
}
