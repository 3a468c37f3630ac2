import type { ToolSpec } from '../catalog/types.js';
import type { SafetyClass } from '../catalog/types.js';

/**
 * Read-only is enforced when a tool is called, not only by hiding tools: a client
 * that calls a name it was never shown is refused before anything reaches the upstream.
 */
export interface GuardContext {
  readonly readOnly: boolean;
  readonly allowedSafety: readonly SafetyClass[] | undefined;
  /** The variable that switched read-only on, named in refusals. */
  readonly readOnlyVariable: string;
}

export function refusal(options: { tool: ToolSpec; method: string; guard: GuardContext }): string | undefined {
  const { tool, method, guard } = options;
  if (!guard.readOnly) return undefined;
  if (tool.kind === 'proxy') {
    return method === 'GET' ? undefined : refusedText({ what: `${tool.name} with method ${method}`, guard });
  }
  const allowed = guard.allowedSafety ?? [];
  return allowed.includes(tool.safety) ? undefined : refusedText({ what: `${tool.name} (${tool.safety})`, guard });
}

function refusedText(options: { what: string; guard: GuardContext }): string {
  return `Refused: ${options.what} would change state and this server is read-only (${options.guard.readOnlyVariable}). Nothing was sent upstream.`;
}
