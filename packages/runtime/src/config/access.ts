import type { TargetSpec } from '../catalog/target.js';
import type { SafetyClass } from '../catalog/types.js';
import { type Env, readBoolean, readEnum } from './env.js';

/** Which safety classes this server may run, and the setting that decided it. */
export interface AccessConfig {
  /** Absent: every class is allowed. */
  readonly allowedSafety?: readonly SafetyClass[];
  /** The setting as a user would write it, for refusals (`PVE_ACCESS_TIER=read-only`). */
  readonly setting: string;
}

const ALL_CLASSES: readonly SafetyClass[] = ['read', 'execute', 'write', 'destructive'];

/** Access tiers where the target has them (Proxmox), else the read-only switch (Portainer). */
export function readAccess(options: { target: TargetSpec; env: Env }): AccessConfig {
  const { target, env } = options;
  if (target.tiers && target.tiers.length > 0 && target.env.tier) {
    const names = target.tiers.map((tier) => tier.name);
    const chosen = readEnum({ env, name: target.env.tier, allowed: names, fallback: names[0]! });
    const tier = target.tiers.find((candidate) => candidate.name === chosen)!;
    const everything = ALL_CLASSES.every((safety) => tier.safety.includes(safety));
    return { ...(everything ? {} : { allowedSafety: tier.safety }), setting: `${target.env.tier}=${chosen}` };
  }
  const variable = target.env.readOnly;
  const readOnly = variable ? readBoolean({ env, name: variable, fallback: false }) : false;
  return { ...(readOnly ? { allowedSafety: target.readOnlySafety } : {}), setting: `${variable ?? 'read-only'}=1` };
}
