import { MAX_TOOL_NAME_LENGTH, TOOL_NAME_PATTERN } from '@mcpgen/runtime/target-schema';
import { InputError } from '../ir/errors.js';
import type { IrOperation } from '../ir/types.js';
import { type NamingRule, toolNameFor } from './names.js';

/** Naming overrides from the target file: operationId or `METHOD /path` -> tool name. */
export interface NameOverrides {
  readonly file: string;
  readonly names: Readonly<Record<string, string>>;
}

export interface NameCollision {
  readonly name: string;
  readonly keys: readonly string[];
}

/**
 * Gives every operation a unique tool name. Collisions keep the name for the
 * first operation in `METHOD /path` order and add `_2`, `_3`... to the others;
 * they are reported so that a maintainer can add an override instead.
 */
export function assignNames(options: {
  operations: readonly IrOperation[];
  overrides: NameOverrides;
  rule: NamingRule;
  dropPrefixes?: readonly string[];
}): {
  names: ReadonlyMap<string, string>;
  collisions: NameCollision[];
} {
  const wanted = new Map(
    options.operations.map((operation) => [
      operation.key,
      overriddenName({ operation, overrides: options.overrides }) ??
        toolNameFor({
          operation,
          rule: options.rule,
          ...(options.dropPrefixes ? { dropPrefixes: options.dropPrefixes } : {}),
        }),
    ]),
  );
  checkOverridesUsed({ operations: options.operations, overrides: options.overrides });
  const names = new Map<string, string>();
  const taken = new Set(wanted.values());
  const holders = new Map<string, string[]>();
  for (const key of [...wanted.keys()].sort()) {
    const base = wanted.get(key)!;
    const holder = holders.get(base) ?? [];
    holder.push(key);
    holders.set(base, holder);
    names.set(key, holder.length === 1 ? base : uniqueSuffix({ base, taken }));
  }
  const collisions = [...holders.entries()]
    .filter(([, keys]) => keys.length > 1)
    .map(([name, keys]) => ({ name, keys }));
  return { names, collisions };
}

function uniqueSuffix(options: { base: string; taken: Set<string> }): string {
  for (let index = 2; ; index += 1) {
    const candidate = `${options.base.slice(0, MAX_TOOL_NAME_LENGTH - String(index).length - 1)}_${index}`;
    if (!options.taken.has(candidate)) {
      options.taken.add(candidate);
      return candidate;
    }
  }
}

function overriddenName(options: { operation: IrOperation; overrides: NameOverrides }): string | undefined {
  const { operation, overrides } = options;
  // Own keys only: an operationId such as `__proto__` or `constructor` is no override.
  const entry = [operation.operationId, operation.key].find(
    (candidate) => candidate !== undefined && Object.hasOwn(overrides.names, candidate),
  );
  if (entry === undefined) return undefined;
  const name = overrides.names[entry]!;
  if (!TOOL_NAME_PATTERN.test(name))
    throw new InputError(
      overrides.file,
      `name override '${entry}': '${name}' is not a valid tool name (${TOOL_NAME_PATTERN.source})`,
    );
  return name;
}

function checkOverridesUsed(options: { operations: readonly IrOperation[]; overrides: NameOverrides }): void {
  const identities = new Set(
    options.operations.flatMap((operation) => [
      operation.key,
      ...(operation.operationId ? [operation.operationId] : []),
    ]),
  );
  const unused = Object.keys(options.overrides.names).find((entry) => !identities.has(entry));
  if (unused !== undefined)
    throw new InputError(options.overrides.file, `name override '${unused}' matches no operation`);
}
