import { confirmArgOf, type SafetyClass, type ToolSpec } from '../catalog/types.js';
import { type Confirmation, confirmation } from '../safety/confirm.js';
import { isSecretKey, REDACTED } from '../shaping/redact.js';
import { type Args, isPresent, scalarToWire } from './args.js';
import { expandPath } from './build-request.js';
import type { CallHooks } from './context.js';

/**
 * Destructive operations of targets that ask for it, and destructive raw requests, are
 * confirmed before anything is sent: by the person (when the client can be asked), else
 * by the `confirm` argument. Expanding the path may refuse an argument (ArgumentError).
 */
export function confirmIfNeeded(options: {
  tool: ToolSpec;
  args: Args;
  safety: SafetyClass;
  hooks: CallHooks | undefined;
}): Confirmation {
  const { tool, args } = options;
  // The raw tool's safety is decided per call: only its destructive requests are confirmed.
  const confirmArg = tool.kind === 'raw' && options.safety !== 'destructive' ? undefined : confirmArgOf(tool);
  if (!confirmArg) return { proceed: true };
  const { [confirmArg]: confirmed, ...rest } = args;
  return confirmation({
    name: tool.name,
    confirmArg,
    confirmed: confirmed === true,
    asker: options.hooks?.asker,
    prompt: promptOf({ tool, args: rest }),
    fingerprint: JSON.stringify([tool.name, rest]),
  });
}

/** Arguments shown in a question, at most; each value cut to a readable length. */
const SHOWN_ARGS = 6;
const SHOWN_CHARS = 60;

/** `delete_qemu: DELETE /nodes/pve1/qemu/101 (purge=1, destroy-unreferenced-disks=1)`: operation, method, filled path, key arguments. */
function promptOf(options: { tool: ToolSpec; args: Args }): string {
  const { tool, args } = options;
  if (tool.kind === 'raw')
    return `${tool.name}: ${String(args.method).toUpperCase()} ${String(args.path)}${argumentList(args.params && typeof args.params === 'object' ? (args.params as Args) : {})}`;
  if (tool.kind !== 'operation') return tool.name;
  const pathArgs = new Set(tool.args.filter((binding) => binding.in === 'path').map((binding) => binding.arg));
  const controls = new Set([tool.task?.waitArg, tool.confirmArg]);
  const shown = Object.fromEntries(Object.entries(args).filter(([name]) => !pathArgs.has(name) && !controls.has(name)));
  return `${tool.name}: ${tool.method} ${expandPath({ tool, args })}${argumentList(shown)}`;
}

function argumentList(args: Args): string {
  const entries = Object.entries(args).filter(([, value]) => isPresent(value));
  if (entries.length === 0) return '';
  const shown = entries
    .slice(0, SHOWN_ARGS)
    .map(([name, value]) => `${name}=${isSecretKey(name) ? REDACTED : cut(scalarToWire(value))}`);
  return ` (${shown.join(', ')}${entries.length > SHOWN_ARGS ? `, and ${entries.length - SHOWN_ARGS} more` : ''})`;
}

function cut(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line;
}
