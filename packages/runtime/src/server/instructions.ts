import type { TargetSpec } from '../catalog/target.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import type { ToolSurface } from './surface.js';

/**
 * The `instructions` of `initialize`: what holds for every tool is said here once,
 * so that no tool description has to repeat it (repeated text is the biggest waste
 * in a generated tool list).
 */
export function serverInstructions(options: { target: TargetSpec; surface: ToolSurface }): string {
  const { target, surface } = options;
  const lines = [
    `Tools call the ${target.displayName} API (${target.upstream.name} ${target.upstream.version}).`,
    "Every tool takes an optional `select`: a JMESPath expression applied to the JSON answer before it is returned (e.g. `[].{id: Id, name: Name}` or `items[?status=='running'].name`); use it to keep answers small. Answers over the size cap are cut to valid JSON with a notice.",
    'Calls outside the selected tools or the access level are refused before they reach the upstream; destructive calls ask for confirmation.',
  ];
  if (surface.discovery) {
    lines.push(
      `${surface.unlisted} operations are not listed as tools: find them with ${DISCOVERY_TOOLS.search}, read one's input schema with ${DISCOVERY_TOOLS.describe}, run it with ${DISCOVERY_TOOLS.call} (same checks).`,
    );
  }
  return lines.join(' ');
}
