import { safetyOfMethod } from '@mcpgen/runtime';
import {
  type IrOperation,
  type IrParameter,
  type JsonSchema,
  operationKey,
  type ParameterLocation,
} from '../../ir/types.js';
import type { ApidocDialect } from './dialect.js';
import { isOptional, paramToSchema } from './param-schema.js';
import { readPermission } from './permissions.js';
import type { MethodRef, ParamSchema } from './tree.js';

/**
 * One apidoc method -> IR operation. Where each parameter travels is not in the
 * schema; Proxmox's own rules decide: `{x}` in the path is a path segment, GET and
 * DELETE send the rest in the query string (a DELETE with a body gets 501),
 * POST and PUT send it as JSON body fields.
 */
export function toOperation(options: { ref: MethodRef; file: string; dialect: ApidocDialect }): IrOperation {
  const { ref, file, dialect } = options;
  const { node, verb, method } = ref;
  const summary = firstSentence(method.description);
  const permission = readPermission(method.permissions);
  return {
    key: operationKey({ method: verb, path: node.path }),
    method: verb,
    path: node.path,
    tags: [],
    ...(summary ? { summary } : {}),
    ...(method.description && method.description.trim() !== summary ? { description: method.description.trim() } : {}),
    parameters: readParameters({ ref, dialect }),
    deprecated: false,
    safety: safetyOfMethod(verb),
    ...(returnsTask(ref) ? { task: 'upid' as const } : {}),
    isCollection: ref.isCollection,
    ...(permission ? { permission } : {}),
    ...(ref.method.returns ? { responseSchema: responseType(ref.method.returns) } : {}),
    source: { file, pointer: ref.pointer },
  };
}

/**
 * About 95 of the 100 non-GET methods that return a string return a task id.
 * A return described as something else (a URL, a volume id, a MAC address) is
 * not one; the runtime also checks the target's task id pattern before following anything.
 */
function returnsTask(ref: MethodRef): boolean {
  const returns = ref.method.returns;
  if (ref.verb === 'GET' || returns?.type !== 'string') return false;
  return typeof returns.description !== 'string' || /task|upid/i.test(returns.description);
}

function firstSentence(text: string | undefined): string | undefined {
  const clean = text?.replace(/\s+/g, ' ').trim();
  if (!clean) return undefined;
  return clean.split(/(?<=\.)\s/)[0]!.replace(/\.$/, '');
}

function readParameters(options: { ref: MethodRef; dialect: ApidocDialect }): IrParameter[] {
  const { ref, dialect } = options;
  const properties = ref.method.parameters?.properties ?? {};
  const placeholders = [...ref.node.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const pathParams = placeholders.map((name) => pathParameter({ name, param: properties[name], dialect }));
  const others = Object.entries(properties)
    .filter(([name]) => !placeholders.includes(name))
    .map(([name, param]) =>
      otherParameter({
        name,
        param,
        dialect,
        location: ref.verb === 'GET' || ref.verb === 'DELETE' ? 'query' : 'body',
      }),
    );
  return [...pathParams, ...others];
}

/** Path parameters missing from `properties` (a known apidoc gap) are synthesised as strings. */
function pathParameter(options: { name: string; param: ParamSchema | undefined; dialect: ApidocDialect }): IrParameter {
  const schema = options.param ? paramToSchema({ param: options.param, dialect: options.dialect }) : { type: 'string' };
  return { name: options.name, location: 'path', required: true, schema };
}

function otherParameter(options: {
  name: string;
  param: ParamSchema;
  location: ParameterLocation;
  dialect: ApidocDialect;
}): IrParameter {
  const { name, param, location } = options;
  const indexed = name.endsWith('[n]');
  return {
    name,
    location,
    required: !isOptional(param),
    schema: paramToSchema({ param, dialect: options.dialect }),
    ...(indexed ? { indexed: true } : {}),
    ...(param.format === 'urlencoded' ? { valueEncoding: 'uri' as const } : {}),
  };
}

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object', 'null']);

/** Only the top-level type of the answer; apidoc writes types JSON Schema lacks (`any`), kept as no constraint. */
function responseType(returns: Record<string, unknown>): JsonSchema {
  return typeof returns.type === 'string' && JSON_TYPES.has(returns.type) ? { type: returns.type } : {};
}
