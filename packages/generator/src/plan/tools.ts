import type { ArgBinding, CallBehaviour, OperationTool } from '@mcpgen/runtime';
import type { IrApi, IrOperation } from '../ir/types.js';
import { toolAnnotations } from './annotations.js';
import { assignNames, type NameCollision, type NameOverrides } from './assign-names.js';
import type { NamingRule } from './names.js';
import { toolDescription, toolTitle } from './describe.js';
import { planInput } from './input.js';

export interface PlannedTools {
  /** In tool-name order, so that output does not depend on document order. */
  readonly tools: readonly OperationTool[];
  readonly collisions: readonly NameCollision[];
}

export interface PlanOptions {
  readonly api: IrApi;
  readonly overrides: NameOverrides;
  /** @default 'operation-id' */
  readonly naming?: NamingRule;
  /** verb-path naming: path prefixes left out of names (target file `nameDropPrefixes`). */
  readonly nameDropPrefixes?: readonly string[];
  /** Destructive tools take a `confirm` argument and ask before running. @default false */
  readonly confirmDestructive?: boolean;
}

/** IR operations -> tool specs: names, input schemas, bindings, descriptions, hints. */
export function planTools(options: PlanOptions): PlannedTools {
  const { names, collisions } = assignNames({
    operations: options.api.operations,
    overrides: options.overrides,
    rule: options.naming ?? 'operation-id',
    ...(options.nameDropPrefixes ? { dropPrefixes: options.nameDropPrefixes } : {}),
  });
  const confirmDestructive = options.confirmDestructive ?? false;
  const tools = options.api.operations.map((operation) =>
    planTool({ operation, name: names.get(operation.key)!, confirmDestructive }),
  );
  return { tools: tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), collisions };
}

function planTool(options: { operation: IrOperation; name: string; confirmDestructive: boolean }): OperationTool {
  const { operation, name } = options;
  const title = toolTitle({ operation, name });
  const input = planInput({ operation, confirm: options.confirmDestructive && operation.safety === 'destructive' });
  return {
    kind: 'operation',
    name,
    description: toolDescription(operation),
    method: operation.method,
    path: operation.path,
    tags: operation.tags,
    safety: operation.safety,
    annotations: toolAnnotations({ title, safety: operation.safety, method: operation.method }),
    inputSchema: input.inputSchema,
    args: input.args,
    ...(input.body ? { body: input.body } : {}),
    ...(input.controls.waitArg ? { task: { kind: 'upid' as const, waitArg: input.controls.waitArg } } : {}),
    ...(input.controls.confirmArg ? { confirmArg: input.controls.confirmArg } : {}),
    ...(operation.call ? { call: callOf({ call: operation.call, args: input.args }) } : {}),
  };
}

/** Defaults are declared by wire name; the runtime fills them in by argument name. */
function callOf(options: { call: CallBehaviour; args: readonly ArgBinding[] }): CallBehaviour {
  const { defaults, ...rest } = options.call;
  if (!defaults) return rest;
  const byArg = Object.entries(defaults).map(([wire, value]) => [
    options.args.find((binding) => binding.in === 'query' && binding.wire === wire)?.arg ?? wire,
    value,
  ]);
  return { ...rest, defaults: Object.fromEntries(byArg) };
}
