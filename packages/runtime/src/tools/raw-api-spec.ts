import { RAW_CONFIRM_ARG, type JsonSchema, type RawApiTool } from '../catalog/types.js';

/**
 * The raw tool as a server lists it: its spec and input schema. Apart from the call
 * (raw-api.ts) so that start-up, which lists the tool, does not load the call path.
 */
export const RAW_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

export function rawApiTool(options: { name: string; description: string }): RawApiTool {
  return {
    kind: 'raw',
    name: options.name,
    description: options.description,
    tags: [],
    annotations: {
      title: 'Raw API request',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  };
}

export function rawInputSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      method: { type: 'string', enum: [...RAW_METHODS] },
      path: {
        type: 'string',
        description: 'Path relative to the API root, starting with "/", e.g. /cluster/resources. No "?", "#" or "..".',
      },
      params: {
        type: 'object',
        description: 'Parameters: query string for GET and DELETE, JSON body for POST and PUT.',
      },
      [RAW_CONFIRM_ARG]: {
        type: 'boolean',
        description: 'Destructive requests: set true only after the user has confirmed.',
      },
    },
    required: ['method', 'path'],
    additionalProperties: false,
  };
}
