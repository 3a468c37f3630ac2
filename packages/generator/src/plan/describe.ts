import type { IrOperation } from '../ir/types.js';

/** Longest tool description kept; the rest of the upstream prose adds tokens, not meaning. */
const MAX_DESCRIPTION = 1000;

/** A short human title: the summary without its full stop, else the tool name in words. */
export function toolTitle(options: { operation: IrOperation; name: string }): string {
  const summary = options.operation.summary?.replace(/\s+/g, ' ').replace(/\.$/, '').trim();
  if (summary) return summary.length <= 80 ? summary : `${summary.slice(0, 77)}...`;
  const words = options.name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Summary and description without repeats, markdown bold or line noise. */
export function toolDescription(operation: IrOperation): string {
  const summary = clean(operation.summary ?? '');
  const description = clean(operation.description ?? '');
  const parts = [operation.deprecated ? 'Deprecated.' : ''];
  // Sources often repeat the summary as the description's first sentence: say it once.
  if (description && simplify(description).startsWith(simplify(summary))) parts.push(sentence(description));
  else parts.push(sentence(summary), sentence(description));
  if (operation.permission) parts.push(permissionText(operation.permission));
  const text = parts.filter(Boolean).join(' ') || `${operation.method} ${operation.path}`;
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 3)}...`;
}

function clean(text: string): string {
  return text
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentence(text: string): string {
  return text && !/[.!?:]$/.test(text) ? `${text}.` : text;
}

function simplify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function permissionText(permission: NonNullable<IrOperation['permission']>): string {
  return `Needs ${permission.privileges.join(' or ')}${permission.on ? ` on ${permission.on}` : ''}.`;
}
