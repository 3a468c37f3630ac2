import type { ArgBinding, BodySpec } from '@mcpgen/runtime';
import type { IrOperation, IrParameter, IrRequestBody, JsonSchema } from '../ir/types.js';
import type { Builder } from './builder.js';
import { type ControlArgs, controlArgs } from './control-args.js';
import { summariseEnums } from './enum-summary.js';

/**
 * Flattens path, query, header, cookie and body inputs into one object schema,
 * and records where each argument goes.
 */
export interface PlannedInput {
  readonly inputSchema: JsonSchema;
  readonly args: readonly ArgBinding[];
  readonly body?: BodySpec;
  readonly controls: ControlArgs;
}

export function planInput(options: { operation: IrOperation; confirm: boolean }): PlannedInput {
  const { operation } = options;
  const builder: Builder = { properties: {}, required: [], args: [] };
  operation.parameters.forEach((parameter) => addParameter({ builder, parameter }));
  const body = operation.requestBody ? addBody({ builder, body: operation.requestBody }) : fieldBody(operation);
  const controls = controlArgs({ builder, operation, confirm: options.confirm });
  const inputSchema: JsonSchema = {
    type: 'object',
    properties: builder.properties,
    ...(builder.required.length > 0 ? { required: builder.required } : {}),
    additionalProperties: false,
  };
  return { inputSchema, args: builder.args, ...(body ? { body } : {}), controls };
}

/** Dialects that describe body fields as parameters get a JSON body of those fields. */
function fieldBody(operation: IrOperation): BodySpec | undefined {
  return operation.parameters.some((parameter) => parameter.location === 'body')
    ? { mediaType: 'application/json', mode: 'fields' }
    : undefined;
}

/** Property names strict clients accept; the wire name is kept in the binding. */
export function argName(options: { builder: Builder; wire: string; suffix: string }): string {
  const base =
    options.wire
      .replace(/\[n\]$/, '')
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .slice(0, 64) || 'value';
  if (!(base in options.builder.properties)) return base;
  for (let index = 1; ; index += 1) {
    const candidate = index === 1 ? `${base}_${options.suffix}` : `${base}_${options.suffix}${index}`;
    if (!(candidate in options.builder.properties)) return candidate;
  }
}

export function addArg(options: {
  builder: Builder;
  binding: ArgBinding;
  schema: JsonSchema;
  required: boolean;
}): void {
  const { builder, binding } = options;
  builder.properties[binding.arg] = summariseEnums(options.schema);
  if (options.required) builder.required.push(binding.arg);
  builder.args.push(binding);
}

function addParameter(options: { builder: Builder; parameter: IrParameter }): void {
  const { builder, parameter } = options;
  const wire = parameter.indexed ? parameter.name.replace(/\[n\]$/, '') : parameter.name;
  const arg = argName({ builder, wire, suffix: parameter.indexed ? 'slots' : parameter.location });
  const described = parameter.description
    ? { ...parameter.schema, description: parameter.description }
    : parameter.schema;
  const binding: ArgBinding = {
    arg,
    in: parameter.location,
    wire,
    ...(parameter.serialization ? { style: parameter.serialization } : {}),
    ...(parameter.indexed ? { indexed: true } : {}),
    ...(parameter.valueEncoding ? { encode: parameter.valueEncoding } : {}),
  };
  addArg({
    builder,
    binding,
    schema: parameter.indexed ? indexedSchema({ wire, item: described }) : described,
    required: parameter.required,
  });
}

/** `net[n]` becomes one object argument keyed by slot number. */
function indexedSchema(options: { wire: string; item: JsonSchema }): JsonSchema {
  const { description, ...item } = options.item;
  const text = typeof description === 'string' ? `${description} ` : '';
  return {
    type: 'object',
    description: `${text}Numbered slots: keys are slot numbers, e.g. {"0": ...} sets ${options.wire}0.`,
    propertyNames: { pattern: '^[0-9]+$' },
    additionalProperties: item,
  };
}

function addBody(options: { builder: Builder; body: IrRequestBody }): BodySpec {
  const { builder, body } = options;
  const properties = body.schema.properties as Record<string, JsonSchema> | undefined;
  const isForm = body.mediaType === 'multipart/form-data' || body.mediaType === 'application/x-www-form-urlencoded';
  const flattenable =
    properties !== undefined && Object.keys(properties).length > 0 && (isForm || body.mediaType.includes('json'));
  if (!flattenable) return addWholeBody({ builder, body });
  const required = new Set(body.required ? ((body.schema.required as string[] | undefined) ?? []) : []);
  for (const [wire, schema] of Object.entries(properties)) {
    const arg = argName({ builder, wire, suffix: 'body' });
    const file = isForm && schema.contentMediaType === 'application/octet-stream';
    const binding: ArgBinding = { arg, in: isForm ? 'form' : 'body', wire, ...(file ? { file: true } : {}) };
    addArg({ builder, binding, schema: file ? fileSchema(schema) : schema, required: required.has(wire) });
  }
  return { mediaType: body.mediaType, mode: 'fields' };
}

function addWholeBody(options: { builder: Builder; body: IrRequestBody }): BodySpec {
  const { builder, body } = options;
  const arg = argName({ builder, wire: 'body', suffix: 'request' });
  const description = body.description && body.description !== 'body' ? body.description : 'Request body.';
  const schema = { ...body.schema, description: String(body.schema.description ?? description) };
  addArg({ builder, binding: { arg, in: 'body', wire: 'body' }, schema, required: body.required });
  return { mediaType: body.mediaType, mode: 'whole', arg };
}

/** A multipart file part: content inline, or (stdio only) a local path. */
function fileSchema(original: JsonSchema): JsonSchema {
  const note = typeof original.description === 'string' ? `${original.description.replace(/\.?$/, '.')} ` : '';
  return {
    type: 'object',
    description: `${note}File to upload: give "content" (text, or base64 with encoding "base64"), or "path" of a local file when the server runs on your machine (stdio).`,
    properties: {
      content: { type: 'string' },
      encoding: { type: 'string', enum: ['utf8', 'base64'], default: 'utf8' },
      filename: { type: 'string' },
      path: { type: 'string' },
    },
    additionalProperties: false,
  };
}
