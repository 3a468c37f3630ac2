import type { ArgBinding } from '@mcpgen/runtime';
import type { JsonSchema } from '../ir/types.js';

/** The input schema of one tool while it is being built, and where each argument goes. */
export interface Builder {
  readonly properties: Record<string, JsonSchema>;
  readonly required: string[];
  readonly args: ArgBinding[];
}
