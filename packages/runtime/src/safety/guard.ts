import type { SafetyClass } from '../catalog/types.js';

/**
 * Access levels are enforced when a tool is called, not only by hiding tools: a
 * client that calls a name it was never shown is refused before anything
 * reaches the upstream.
 */
export interface GuardContext {
  /** Absent: every class is allowed. */
  readonly allowedSafety?: readonly SafetyClass[] | undefined;
  /** The setting that restricts access, named in refusals (`PORTAINER_READ_ONLY=1`). */
  readonly setting: string;
}

export function refusal(options: { what: string; safety: SafetyClass; guard: GuardContext }): string | undefined {
  const { what, safety, guard } = options;
  if (!guard.allowedSafety || guard.allowedSafety.includes(safety)) return undefined;
  return `Refused: ${what} (${safety}) is not allowed with ${guard.setting}. Nothing was sent upstream.`;
}

/** The safety of a call whose class depends on its HTTP method (proxy and raw tools). */
export function safetyOfMethod(method: string): SafetyClass {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return 'read';
  return upper === 'DELETE' ? 'destructive' : 'write';
}
