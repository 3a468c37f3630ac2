import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../ir/types.js';
import { portablePattern } from '../patterns/portable.js';
import { type SchemaNode, schemaNodes } from './schema-nodes.js';

/**
 * Every tool's input schema is checked at generation as an independent client
 * would: compiled by Ajv (JSON Schema 2020-12, strict, Unicode regexes), every
 * pattern also on the server's linear-time engine, and every `default`, `enum`
 * value and example validated against the sub-schema it belongs to. Each problem
 * names the tool and the JSON pointer inside its input schema.
 */
export interface SchemaProblem {
  readonly tool: string;
  /** JSON pointer inside the tool's input schema. */
  readonly at: string;
  readonly problem: string;
}

interface Tool {
  readonly name: string;
  readonly inputSchema: JsonSchema;
}

// Type arrays (`["string","null"]`) are valid 2020-12; the strict dialects remove them for the clients that refuse them.
const ajv = new Ajv2020({
  strict: true,
  allowUnionTypes: true,
  unicodeRegExp: true,
  allErrors: true,
  code: { optimize: false },
});
/** Results by schema text: versions of one target share most tools. */
const cache = new Map<string, readonly Omit<SchemaProblem, 'tool'>[]>();
/** Compiled structural schemas by their text: many sub-schemas and tools differ only in their annotations. */
const compiled = new Map<string, ReturnType<typeof ajv.compile> | Error>();

export function checkSchemas(tools: readonly Tool[]): SchemaProblem[] {
  return tools.flatMap((tool) => problemsOf(tool.inputSchema).map((problem) => ({ tool: tool.name, ...problem })));
}

function problemsOf(schema: JsonSchema): readonly Omit<SchemaProblem, 'tool'>[] {
  const key = JSON.stringify(schema);
  let problems = cache.get(key);
  if (!problems) {
    const compileProblem = compile(schema);
    problems = compileProblem
      ? [deepestCompileProblem(schema) ?? { at: '', problem: compileProblem }]
      : [...schemaNodes(schema).flatMap(nodeProblems)];
    cache.set(key, problems);
  }
  return problems;
}

function compile(schema: JsonSchema): string | undefined {
  const result = validatorOf(schema);
  return result instanceof Error ? result.message : undefined;
}

/** Annotations do not change what a schema accepts: compiled without them, one validator serves many schemas. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'example']);

function structural(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structural);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .map(([key, child]) => [key, ANNOTATIONS.has(key) && typeof child !== 'object' ? undefined : structural(child)])
      .filter(([, child]) => child !== undefined),
  );
}

function validatorOf(schema: JsonSchema): ReturnType<typeof ajv.compile> | Error {
  const bare = structural(schema) as JsonSchema;
  const key = JSON.stringify(bare);
  let result = compiled.get(key);
  if (!result) {
    try {
      result = ajv.compile(bare);
    } catch (error) {
      result = error as Error;
    }
    compiled.set(key, result);
  }
  return result;
}

/** Strict-mode errors carry no location: the deepest node that fails alone is the place. */
function deepestCompileProblem(schema: JsonSchema): Omit<SchemaProblem, 'tool'> | undefined {
  const failing = schemaNodes(schema)
    .map((node) => ({ node, problem: compile(node.schema) }))
    .filter((entry) => entry.problem !== undefined);
  const deepest = failing.sort((a, b) => b.node.at.length - a.node.at.length)[0];
  return deepest ? { at: deepest.node.at, problem: deepest.problem! } : undefined;
}

function nodeProblems(node: SchemaNode): Omit<SchemaProblem, 'tool'>[] {
  const problems: Omit<SchemaProblem, 'tool'>[] = [];
  const { schema, at } = node;
  if (typeof schema.pattern === 'string') {
    const portable = portablePattern(schema.pattern);
    if (!portable.ok) problems.push({ at: `${at}/pattern`, problem: portable.reason });
  }
  for (const sample of samplesOf(schema)) {
    const failure = valueProblem({ schema, value: sample.value });
    if (failure)
      problems.push({
        at: `${at}/${sample.at}`,
        problem: `${JSON.stringify(sample.value)} fails its own schema: ${failure}`,
      });
  }
  return problems;
}

/** Values a schema states about itself: its default, enum values and examples. */
function samplesOf(schema: JsonSchema): { at: string; value: unknown }[] {
  const samples: { at: string; value: unknown }[] = [];
  if ('default' in schema) samples.push({ at: 'default', value: schema.default });
  if ('example' in schema) samples.push({ at: 'example', value: schema.example });
  for (const keyword of ['enum', 'examples'] as const) {
    const values = schema[keyword];
    if (Array.isArray(values)) values.forEach((value, index) => samples.push({ at: `${keyword}/${index}`, value }));
  }
  return samples;
}

function valueProblem(options: { schema: JsonSchema; value: unknown }): string | undefined {
  const validate = validatorOf(options.schema);
  if (validate instanceof Error) return validate.message;
  return validate(options.value) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'value' });
}
