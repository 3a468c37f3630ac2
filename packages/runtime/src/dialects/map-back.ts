import type { ArgPlan, ObjectPlan } from './types.js';

/**
 * Turns a call's arguments in a dialect back into default-dialect arguments, before
 * validation and before anything is sent. Lenient on purpose: a value that does not
 * have the dialect's shape is left as it is, and the default schema's validation then
 * reports it. Only JSON text that does not parse is refused here, naming the argument.
 */
export type MapBackResult =
  { readonly ok: true; readonly args: unknown } | { readonly ok: false; readonly problem: string };

export function toDefaultArgs(options: { args: unknown; plan: ArgPlan | undefined }): MapBackResult {
  try {
    return { ok: true, args: mapValue({ value: options.args, plan: options.plan, at: '' }) };
  } catch (error) {
    if (error instanceof JsonTextError) return { ok: false, problem: error.message };
    throw error;
  }
}

class JsonTextError extends Error {}

interface Step {
  readonly value: unknown;
  readonly plan: ArgPlan | undefined;
  /** Where the value is, for the one error this can give: `/config/labels`. */
  readonly at: string;
}

function mapValue(step: Step): unknown {
  const { value, plan } = step;
  if (!plan || value === undefined || value === null) return value;
  // JSON text stands for any node: a summarised object in tools/list, or a free-form value. Its content
  // may be written in the default dialect (as the summary names it) or in this one (as describe_operation
  // shows it); the plan is lenient enough to take both.
  if (typeof value === 'string' && plan.kind !== 'enum') {
    const parsed = parseJsonText(step);
    return plan.kind === 'json' || typeof parsed === 'string' ? parsed : mapValue({ ...step, value: parsed });
  }
  switch (plan.kind) {
    case 'object':
      return isRecord(value) ? mapObject({ value, plan, at: step.at }) : value;
    case 'array':
      return Array.isArray(value)
        ? value.map((item, index) => mapValue({ value: item, plan: plan.items, at: `${step.at}/${index}` }))
        : value;
    case 'pairs':
      return Array.isArray(value) && value.every(isPair)
        ? Object.fromEntries(
            value.map((pair) => [
              pair.key,
              mapValue({ value: pair.value, plan: plan.value, at: `${step.at}/${pair.key}` }),
            ]),
          )
        : value;
    case 'keys':
      return Array.isArray(value) && value.every((key) => typeof key === 'string')
        ? Object.fromEntries(value.map((key) => [key, {}]))
        : value;
    case 'enum':
      return typeof value === 'string' ? (plan.values.find((option) => String(option) === value) ?? value) : value;
    case 'json':
      return value;
  }
}

function mapObject(options: { value: Record<string, unknown>; plan: ObjectPlan; at: string }): Record<string, unknown> {
  const { value, plan } = options;
  const nullable = new Set(plan.nullable ?? []);
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === null && nullable.has(name)) continue;
    // Own entries only: an argument named `constructor` must not find Object's in a plan read from JSON.
    const original = own(plan.renamed, name) ?? name;
    // Defined as a field: an argument named __proto__ stays data.
    Object.defineProperty(out, original, {
      value: mapValue({ value: item, plan: own(plan.properties, name), at: `${options.at}/${name}` }),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function parseJsonText(step: Step): unknown {
  try {
    return JSON.parse(step.value as string) as unknown;
  } catch {
    throw new JsonTextError(
      `${step.at || '/'}: expected JSON text (as the schema says), got a string that does not parse`,
    );
  }
}

/** A record's own entry: a key a caller chose (`constructor`) must not find an inherited property. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPair(value: unknown): value is { key: string; value: unknown } {
  return isRecord(value) && typeof value.key === 'string' && 'value' in value;
}
