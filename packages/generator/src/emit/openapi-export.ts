import type { IrApi, IrOperation, IrParameter, JsonSchema } from '../ir/types.js';

/**
 * The IR as an OpenAPI 3.1 document: for dialects that have no OpenAPI of their
 * own (Proxmox apidoc), so that users get one, and so that test mocks can check
 * requests against it. Wire facts (numeric booleans, the `data` envelope) are
 * stated in `info.description`, since OpenAPI has no words for them.
 */
export function exportOpenApi(options: {
  api: IrApi;
  title: string;
  version: string;
  basePath: string;
  notes: string;
}): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of options.api.operations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method.toLowerCase()] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.notes },
    servers: [{ url: options.basePath }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

function operationObject(operation: IrOperation): object {
  const parameters = operation.parameters.filter((parameter) => parameter.location !== 'body').map(parameterObject);
  const bodyFields = operation.parameters.filter((parameter) => parameter.location === 'body');
  return {
    operationId: `${operation.method.toLowerCase()}${operation.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
    ...(operation.summary ? { summary: operation.summary } : {}),
    ...(operation.description ? { description: operation.description } : {}),
    tags: operation.tags,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(bodyFields.length > 0 ? { requestBody: bodyObject(bodyFields) } : {}),
    responses: {
      '200': {
        description: 'Success',
        content: {
          'application/json': { schema: { type: 'object', properties: { data: operation.responseSchema ?? {} } } },
        },
      },
    },
    'x-safety': operation.safety,
    ...(operation.task ? { 'x-task': operation.task } : {}),
  };
}

function parameterObject(parameter: IrParameter): object {
  return {
    name: parameter.indexed ? parameter.name.replace(/\[n\]$/, '{n}') : parameter.name,
    in: parameter.location,
    required: parameter.required,
    schema: parameter.schema,
    ...(parameter.indexed ? { 'x-indexed': true } : {}),
  };
}

function bodyObject(fields: readonly IrParameter[]): object {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields)
    properties[field.indexed ? field.name.replace(/\[n\]$/, '{n}') : field.name] = field.schema;
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return {
    required: required.length > 0,
    content: {
      'application/json': { schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) } },
    },
  };
}
