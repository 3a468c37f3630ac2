import type { ToolAnnotations } from '@mcpgen/runtime';
import type { HttpMethod, SafetyClass } from '../ir/types.js';

/**
 * MCP hints from the safety class and method. The hints describe; the runtime
 * enforces read-only and tiers on every call regardless of what a client trusts.
 */
export function toolAnnotations(options: { title: string; safety: SafetyClass; method: HttpMethod }): ToolAnnotations {
  const { title, safety, method } = options;
  return {
    title,
    readOnlyHint: safety === 'read',
    destructiveHint: safety === 'destructive',
    idempotentHint: safety === 'read' || method === 'PUT' || method === 'DELETE',
    openWorldHint: true,
  };
}
