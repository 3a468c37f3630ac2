import { safetyOfMethod } from '@mcpgen/runtime';
import { InputError, pointer } from '../../ir/errors.js';
import {
  type IrOperation,
  type IrParameter,
  type IrRequestBody,
  type JsonSchema,
  operationKey,
  type ParameterLocation,
} from '../../ir/types.js';
import { listOperations, type RawDocument, type RawOperationRef, upperMethod } from './document.js';
import { AllOfCycleError, normalizeSchema } from './schema.js';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Turns every operation of a validated, dereferenced document into an IR operation. */
export function readOperations(options: { doc: RawDocument; file: string }): IrOperation[] {
  return listOperations(options.doc).map((ref) => {
    try {
      return toOperation({ ref, doc: options.doc, file: options.file });
    } catch (error) {
      if (error instanceof AllOfCycleError)
        throw new InputError(`${options.file}#${pointer('paths', ref.path, ref.method)}`, error.message);
      throw error;
    }
  });
}

function toOperation(options: { ref: RawOperationRef; doc: RawDocument; file: string }): IrOperation {
  const { ref, doc, file } = options;
  const method = upperMethod(ref.method);
  const op = ref.operation;
  const requestBody = readRequestBody(op.requestBody);
  const responseSchema = readResponseSchema(op.responses);
  const responseMediaTypes = Object.keys(successResponse(op.responses)?.content ?? {});
  return {
    key: operationKey({ method, path: ref.path }),
    method,
    path: ref.path,
    ...(typeof op.operationId === 'string' && op.operationId ? { operationId: op.operationId } : {}),
    tags: Array.isArray(op.tags) ? op.tags : [],
    ...text('summary', op.summary),
    ...text('description', op.description),
    parameters: readParameters({ pathLevel: doc.paths[ref.path]?.parameters, operationLevel: op.parameters }),
    ...(requestBody ? { requestBody } : {}),
    ...(responseSchema ? { responseSchema } : {}),
    ...(responseMediaTypes.length > 0 ? { responseMediaTypes } : {}),
    deprecated: op.deprecated === true,
    safety: safetyOfMethod(method),
    source: { file, pointer: pointer('paths', ref.path, ref.method) },
  };
}

function text<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return typeof value === 'string' && value.trim() ? ({ [key]: value.trim() } as { [P in K]?: string }) : {};
}

const LOCATIONS: readonly ParameterLocation[] = ['path', 'query', 'header', 'cookie'];

function readParameters(options: { pathLevel: Raw[] | undefined; operationLevel: Raw[] | undefined }): IrParameter[] {
  const byKey = new Map<string, Raw>();
  for (const parameter of [...(options.pathLevel ?? []), ...(options.operationLevel ?? [])]) {
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()].filter((parameter) => LOCATIONS.includes(parameter.in)).map(toParameter);
}

function toParameter(parameter: Raw): IrParameter {
  const jsonContent = parameter.content?.['application/json'];
  const schema = normalizeSchema(jsonContent?.schema ?? parameter.schema ?? { type: 'string' }, { direction: 'input' });
  const serialization = jsonContent ? 'json' : parameter.explode === false ? 'csv' : undefined;
  return {
    name: parameter.name,
    location: parameter.in,
    required: parameter.in === 'path' || parameter.required === true,
    ...text('description', parameter.description),
    schema,
    ...(serialization ? { serialization } : {}),
  };
}

/** Media types in the order a tool prefers to send them. */
const BODY_PREFERENCE = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];

function readRequestBody(body: Raw | undefined): IrRequestBody | undefined {
  const content: Record<string, Raw> = body?.content ?? {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) return undefined;
  const mediaType =
    BODY_PREFERENCE.find((type) => type in content) ??
    mediaTypes.find((type) => type.includes('json')) ??
    mediaTypes[0]!;
  return {
    mediaType,
    required: body?.required === true,
    ...text('description', body?.description),
    schema: normalizeSchema(content[mediaType]?.schema ?? {}, { direction: 'input' }),
  };
}

function successResponse(responses: Raw | undefined): Raw | undefined {
  return Object.entries(responses ?? {}).find(([status]) => /^2\d\d$/.test(status))?.[1];
}

function readResponseSchema(responses: Raw | undefined): JsonSchema | undefined {
  const schema = successResponse(responses)?.content?.['application/json']?.schema;
  return schema ? normalizeSchema(schema, { direction: 'output', maxDepth: 3 }) : undefined;
}
