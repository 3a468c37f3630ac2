import type { PatternDialect } from '../../patterns/dialects.js';

/**
 * What differs between the schema generators behind apidoc trees (Perl for
 * Proxmox VE; Rust proxmox-schema for Backup Server and Datacenter Manager).
 * Chosen in the target file; everything else is read the same way.
 */
export interface ApidocDialect {
  readonly patterns: PatternDialect;
}

export const PROXMOX_VE_DIALECT: ApidocDialect = { patterns: 'perl' };
