import type { IrOperation } from '../ir/types.js';
import type { Builder } from './builder.js';

/** Longest `wait` a call may ask for; bounded so that a tool call always ends. */
export const MAX_WAIT_SECONDS = 600;

/**
 * Arguments the server consumes itself and never sends upstream: `wait` on
 * task-starting operations, `confirm` on destructive ones. Upstream parameters
 * of the same name keep priority; the control argument then gets a `_` prefix.
 */
export interface ControlArgs {
  readonly waitArg?: string;
  readonly confirmArg?: string;
}

export function controlArgs(options: { builder: Builder; operation: IrOperation; confirm: boolean }): ControlArgs {
  const { builder, operation } = options;
  const names: { waitArg?: string; confirmArg?: string } = {};
  if (operation.task) {
    names.waitArg = controlName({ builder, name: 'wait' });
    builder.properties[names.waitArg] = {
      type: 'integer',
      minimum: 0,
      maximum: MAX_WAIT_SECONDS,
      description: `Seconds to wait for the started task to finish (0 = return the task id at once). The result then has the final status and, on failure, the end of the task log.`,
    };
  }
  if (options.confirm) {
    names.confirmArg = controlName({ builder, name: 'confirm' });
    builder.properties[names.confirmArg] = {
      type: 'boolean',
      description:
        'Destructive operation: set true only after the user has confirmed it. Without it the server asks the user (if the client supports it) or refuses.',
    };
  }
  return names;
}

export function controlName(options: { builder: Pick<Builder, 'properties'>; name: string }): string {
  return options.name in options.builder.properties ? `_${options.name}` : options.name;
}
