import type { TargetSpec } from '../catalog/target.js';
import type { SafetyClass } from '../catalog/types.js';
import type { Env } from './env.js';
import { serverVariables, type ServerVariables } from './variables.js';

/** Which safety classes this server may run, and the setting that decided it. */
export interface AccessConfig {
  /** Absent: every class is allowed. */
  readonly allowedSafety?: readonly SafetyClass[];
  /** The setting as a user would write it, for refusals (`PVE_ACCESS_TIER=read-only`). */
  readonly setting: string;
}

const ALL_CLASSES: readonly SafetyClass[] = ['read', 'execute', 'write', 'destructive'];

/** Access tiers where the target has them (Proxmox), else the read-only switch (Portainer). */
export function readAccess(options: { target: TargetSpec; env: Env; vars?: ServerVariables }): AccessConfig {
  const { target, env } = options;
  // The caller's table when it has one: building it again at start-up is work for nothing.
  const vars = options.vars ?? serverVariables(target);
  if (vars.tier) {
    const chosen = vars.tier.read(env);
    const tier = target.tiers!.find((candidate) => candidate.name === chosen)!;
    const everything = ALL_CLASSES.every((safety) => tier.safety.includes(safety));
    return { ...(everything ? {} : { allowedSafety: tier.safety }), setting: `${vars.tier.name}=${chosen}` };
  }
  const readOnly = vars.readOnly?.read(env) ?? false;
  return {
    ...(readOnly ? { allowedSafety: target.readOnlySafety } : {}),
    setting: `${vars.readOnly?.name ?? 'read-only'}=1`,
  };
}
