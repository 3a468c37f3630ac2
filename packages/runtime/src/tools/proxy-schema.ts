import { HTTP_METHODS, type JsonSchema, type ProxyTool } from '../catalog/types.js';
import { CONTENT_HEADERS } from '../safety/proxy-path.js';

/** A proxy passes any method through; the call's safety follows the method. */
export const PROXY_METHODS = HTTP_METHODS;

/** Names of the variables in a proxy prefix template, e.g. `environment_id`. */
export function prefixVariables(tool: ProxyTool): string[] {
  return [...tool.prefix.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
}

/** Input schema of a proxy tool; built here because every proxy tool has the same shape. */
export function proxyInputSchema(tool: ProxyTool): JsonSchema {
  const variables = Object.fromEntries(
    prefixVariables(tool).map((name) => [
      name,
      { type: 'integer', description: `Value of {${name}} in ${tool.prefix}.` },
    ]),
  );
  return {
    type: 'object',
    properties: {
      ...variables,
      path: {
        type: 'string',
        description: `Path after ${tool.prefix}, starting with "/". No "?", "#" or ".." segments.`,
      },
      method: { type: 'string', enum: [...PROXY_METHODS], default: 'GET' },
      query_params: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        description: 'Query parameters; objects are not allowed, send JSON text (e.g. Docker filters).',
      },
      headers: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: `Request headers; only ${[...CONTENT_HEADERS, ...(tool.headers ?? [])].join(', ')}.`,
      },
      body: { description: 'Request body: a JSON value, or a string sent as is.' },
    },
    required: [...prefixVariables(tool), 'path'],
    additionalProperties: false,
  };
}
