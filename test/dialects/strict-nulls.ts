/**
 * What an OpenAI strict client sends: every property of every object it fills, null where it
 * has no value (strict mode makes every property required). Written from the listed schema.
 */
type Schema = Record<string, unknown>;

export function withStrictNulls(schema: Schema, value: unknown): unknown {
  const object = objectBranch(schema);
  if (object && isRecord(value)) {
    const properties = object.properties as Record<string, Schema>;
    return Object.fromEntries(
      Object.entries(properties).map(([name, child]) => [
        name,
        name in value ? withStrictNulls(child, value[name]) : null,
      ]),
    );
  }
  const items = arrayItems(schema);
  if (items && Array.isArray(value)) return value.map((item) => withStrictNulls(items, item));
  return value;
}

function objectBranch(schema: Schema): Schema | undefined {
  if (schema.properties !== undefined) return schema;
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : [];
  return branches.find((branch) => branch.properties !== undefined);
}

function arrayItems(schema: Schema): Schema | undefined {
  if (schema.items !== undefined) return schema.items as Schema;
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : [];
  return branches.find((branch) => branch.items !== undefined)?.items as Schema | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
