import type { ToolSpec } from '@mcpgen/runtime';
import { InputError, pointer } from '../ir/errors.js';
import type { ProfileMetrics } from './metrics.js';

/** Tool-count caps of common clients: past them a client drops tools or refuses the server. */
export const CLIENT_TOOL_CAPS: readonly { readonly client: string; readonly tools: number }[] = [
  { client: 'Cursor', tools: 40 },
  { client: 'Windsurf', tools: 100 },
  { client: 'VS Code', tools: 128 },
];

/** Names every client accepts: OpenAI and Anthropic allow `^[a-zA-Z0-9_-]{1,64}$`; we keep to lower case and `_`. */
const CLIENT_NAME = /^[a-z0-9_]{1,64}$/;

/** Fails the run on a core tag (auto tool mode's ranking) that no tool of the package has: a typo would go unnoticed. */
export function checkCoreTags(options: {
  tools: readonly ToolSpec[];
  targetFile: { coreTags?: readonly string[] | undefined };
  targetPath: string;
}): void {
  const known = new Set(options.tools.flatMap((tool) => tool.tags));
  const index = (options.targetFile.coreTags ?? []).findIndex((tag) => !known.has(tag));
  if (index >= 0)
    throw new InputError(
      `${options.targetPath}#${pointer('coreTags', index)}`,
      `core tag '${options.targetFile.coreTags![index]}' is the tag of no tool`,
    );
}

/**
 * Warnings for core tools and search keyword entries naming no tool of the newest version: a typo
 * or an upstream removal should be seen, but must not stop a release (the entry then lists nothing).
 * Older versions may lack tools the list was written for.
 */
export function coreToolWarnings(options: {
  tools: readonly ToolSpec[];
  targetFile: { core?: readonly { tool: string }[] | undefined; search: { keywords: Record<string, unknown> } };
  targetPath: string;
}): string[] {
  const known = new Set(options.tools.map((tool) => tool.name));
  const core = (options.targetFile.core ?? []).flatMap((entry, index) =>
    known.has(entry.tool)
      ? []
      : [
          `${options.targetPath}#${pointer('core', index, 'tool')}: core tool '${entry.tool}' is no tool of this version`,
        ],
  );
  const keywords = Object.keys(options.targetFile.search.keywords).flatMap((name) =>
    known.has(name)
      ? []
      : [`${options.targetPath}#${pointer('search', 'keywords', name)}: '${name}' is no tool of this version`],
  );
  return [...core, ...keywords];
}

/** Fails the run on a tool name some client would reject. */
export function checkToolNames(options: { tools: readonly ToolSpec[]; targetPath: string }): void {
  const bad = options.tools.find((tool) => !CLIENT_NAME.test(tool.name));
  if (bad)
    throw new InputError(
      options.targetPath,
      `tool name '${bad.name}' is not accepted by every client (${CLIENT_NAME.source}); add a names override`,
    );
}

/** Warnings for selections that pass a client's tool cap or the token budget. */
export function clientFitWarnings(options: { metrics: readonly ProfileMetrics[]; tokenBudget: number }): string[] {
  const warnings: string[] = [];
  for (const row of options.metrics) {
    const over = CLIENT_TOOL_CAPS.filter((cap) => row.listed > cap.tools).map((cap) => `${cap.client} (${cap.tools})`);
    if (over.length > 0)
      warnings.push(
        `${row.profile}: ${row.listed} tools listed is over the cap of ${over.join(', ')}; suggest discovery mode, a lower tool count or a narrower selection`,
      );
    if (row.listTokens > options.tokenBudget)
      warnings.push(
        `${row.profile}: tools/list is ${row.listTokens} tokens, over the budget of ${options.tokenBudget}`,
      );
  }
  return warnings;
}
