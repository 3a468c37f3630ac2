import type { TargetSpec } from '@mcpgen/runtime';
import { userConfigOptions } from './manifest.js';

/**
 * The MCP Registry entry of a package (`server.json`, published with `mcp-publisher publish` from the
 * package folder). Its variables are the ones the MCP bundle asks for, from the same table, so the
 * two never disagree. The registry checks that the npm package's `mcpName` equals `name`.
 */
export const SERVER_JSON_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** The registry caps `description` (and `title`) at 100 characters. */
const MAX_TEXT = 100;

export function serverJson(options: {
  target: TargetSpec;
  registryName: string;
  exampleUrl: string;
  toolCount: number;
}): string {
  const { target } = options;
  const minor = target.packageVersion.split('.').slice(0, 2).join('.');
  const entry = {
    $schema: SERVER_JSON_SCHEMA,
    name: options.registryName,
    title: clip(`${target.displayName} ${minor}`),
    description: clip(
      `${target.displayName} ${minor} API as MCP tools (${options.toolCount} operations), generated from its API description.`,
    ),
    version: target.packageVersion,
    packages: [
      {
        registryType: 'npm',
        identifier: target.packageName,
        version: target.packageVersion,
        transport: { type: 'stdio' },
        environmentVariables: userConfigOptions({ target, exampleUrl: options.exampleUrl }).map(([name, option]) => ({
          name,
          description: option.description,
          isRequired: option.required ?? false,
          isSecret: option.sensitive ?? false,
          format: option.type === 'boolean' ? 'boolean' : 'string',
          ...(option.default !== undefined ? { default: String(option.default) } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(entry, null, 2)}\n`;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1).trimEnd()}…`;
}
