import type { JsonSchema } from '../catalog/types.js';

/**
 * Every tool takes an optional `select` (JMESPath) that projects its answer
 * before it reaches the model: the cheapest way to keep large lists small.
 * Named `_select` when the upstream already has an input called `select`.
 */
export function withSelect(schema: JsonSchema): { inputSchema: JsonSchema; selectArg: string } {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const selectArg = 'select' in properties ? '_select' : 'select';
  return {
    selectArg,
    inputSchema: {
      ...schema,
      // Explained once in the server's instructions; per tool the word is enough to recall it.
      properties: { ...properties, [selectArg]: { type: 'string', description: 'JMESPath' } },
    },
  };
}
