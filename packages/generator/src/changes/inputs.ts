import type { JsonSchema } from '../ir/types.js';

/** One change of a tool's input, and whether existing callers can break on it. */
export interface InputChange {
  readonly breaking: boolean;
  readonly text: string;
}

type Properties = Record<string, JsonSchema>;

/**
 * Compares two input schemas at the top level (the arguments a caller passes).
 * Breaking: an input removed, a required input added, an optional input made
 * required, a type changed, an enum value removed. Anything else is compatible.
 */
export function compareInputs(options: { before: JsonSchema; after: JsonSchema }): InputChange[] {
  const before = (options.before.properties ?? {}) as Properties;
  const after = (options.after.properties ?? {}) as Properties;
  const requiredBefore = new Set((options.before.required ?? []) as string[]);
  const requiredAfter = new Set((options.after.required ?? []) as string[]);
  const changes: InputChange[] = [];
  for (const name of Object.keys(before))
    if (!(name in after)) changes.push({ breaking: true, text: `input \`${name}\` removed` });
  for (const [name, schema] of Object.entries(after)) {
    const old = before[name];
    if (!old) {
      changes.push({
        breaking: requiredAfter.has(name),
        text: `${requiredAfter.has(name) ? 'required' : 'optional'} input \`${name}\` added`,
      });
      continue;
    }
    if (!requiredBefore.has(name) && requiredAfter.has(name))
      changes.push({ breaking: true, text: `input \`${name}\` became required` });
    if (requiredBefore.has(name) && !requiredAfter.has(name))
      changes.push({ breaking: false, text: `input \`${name}\` became optional` });
    changes.push(...compareProperty({ name, before: old, after: schema }));
  }
  return changes;
}

function compareProperty(options: { name: string; before: JsonSchema; after: JsonSchema }): InputChange[] {
  const { name, before, after } = options;
  const changes: InputChange[] = [];
  if (JSON.stringify(before.type) !== JSON.stringify(after.type)) {
    changes.push({
      breaking: true,
      text: `type of \`${name}\` changed from ${JSON.stringify(before.type ?? 'any')} to ${JSON.stringify(after.type ?? 'any')}`,
    });
  }
  const oldEnum = Array.isArray(before.enum) ? (before.enum as unknown[]) : undefined;
  const newEnum = Array.isArray(after.enum) ? (after.enum as unknown[]) : undefined;
  if (oldEnum && newEnum) {
    const removed = oldEnum.filter((value) => !newEnum.includes(value));
    const added = newEnum.filter((value) => !oldEnum.includes(value));
    if (removed.length > 0)
      changes.push({
        breaking: true,
        text: `\`${name}\` no longer accepts ${removed.map((value) => JSON.stringify(value)).join(', ')}`,
      });
    if (added.length > 0)
      changes.push({
        breaking: false,
        text: `\`${name}\` also accepts ${added.map((value) => JSON.stringify(value)).join(', ')}`,
      });
  } else if (!oldEnum && newEnum) {
    changes.push({
      breaking: true,
      text: `\`${name}\` is now limited to ${newEnum.map((value) => JSON.stringify(value)).join(', ')}`,
    });
  }
  return changes;
}
