import { describe, expect, it } from 'vitest';
import type { TargetSpec } from '../src/catalog/target.js';
import { readAccess } from '../src/config/access.js';
import type { Env } from '../src/config/env.js';
import { ConfigError } from '../src/config/errors.js';
import { pveTarget, target } from './fixtures.js';

function accessError(options: { target: TargetSpec; env: Env }): ConfigError {
  try {
    readAccess(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected readAccess to throw a ConfigError');
}

describe('readAccess with tiers (PVE)', () => {
  it('defaults to the first tier', () => {
    expect(readAccess({ target: pveTarget, env: {} })).toEqual({
      allowedSafety: ['read'],
      setting: 'PVE_ACCESS_TIER=read-only',
    });
    expect(readAccess({ target: pveTarget, env: { PVE_ACCESS_TIER: '  ' } })).toEqual({
      allowedSafety: ['read'],
      setting: 'PVE_ACCESS_TIER=read-only',
    });
  });

  it('reads the chosen tier, in any case, and names it as written in the target', () => {
    expect(readAccess({ target: pveTarget, env: { PVE_ACCESS_TIER: 'read-execute' } })).toEqual({
      allowedSafety: ['read', 'execute'],
      setting: 'PVE_ACCESS_TIER=read-execute',
    });
    expect(readAccess({ target: pveTarget, env: { PVE_ACCESS_TIER: ' Read-Execute ' } }).setting).toBe(
      'PVE_ACCESS_TIER=read-execute',
    );
  });

  it('restricts nothing on a tier that allows every class', () => {
    const access = readAccess({ target: pveTarget, env: { PVE_ACCESS_TIER: 'full' } });
    expect(access).toEqual({ setting: 'PVE_ACCESS_TIER=full' });
    expect('allowedSafety' in access).toBe(false);
  });

  it('decides "no restriction" by the classes of the tier, not by its name', () => {
    const tiers = [
      { name: 'admin', safety: ['destructive', 'write', 'execute', 'read'] as const },
      { name: 'full', safety: ['read', 'execute', 'write'] as const },
    ];
    const custom: TargetSpec = { ...pveTarget, tiers };
    expect(readAccess({ target: custom, env: {} })).toEqual({ setting: 'PVE_ACCESS_TIER=admin' });
    expect(readAccess({ target: custom, env: { PVE_ACCESS_TIER: 'full' } })).toEqual({
      allowedSafety: ['read', 'execute', 'write'],
      setting: 'PVE_ACCESS_TIER=full',
    });
  });

  it('rejects an unknown tier with a ConfigError naming the variable and the known tiers', () => {
    const error = accessError({ target: pveTarget, env: { PVE_ACCESS_TIER: 'admin' } });
    expect(error.place).toBe('PVE_ACCESS_TIER');
    expect(error.message).toBe("PVE_ACCESS_TIER: expected one of read-only, read-execute, full, got 'admin'");
    expect(accessError({ target: pveTarget, env: { PVE_ACCESS_TIER: 'read_only' } }).place).toBe('PVE_ACCESS_TIER');
  });

  it('ignores a read-only switch when the target has tiers', () => {
    const both: TargetSpec = { ...pveTarget, env: { ...pveTarget.env, readOnly: 'PVE_READ_ONLY' } };
    expect(readAccess({ target: both, env: { PVE_READ_ONLY: '1', PVE_ACCESS_TIER: 'full' } })).toEqual({
      setting: 'PVE_ACCESS_TIER=full',
    });
  });

  it('falls back to the read-only switch when the tiers have no variable or are empty', () => {
    const { tier: _tier, ...noTierEnv } = pveTarget.env;
    const noVariable: TargetSpec = { ...pveTarget, env: { ...noTierEnv, readOnly: 'PVE_READ_ONLY' } };
    expect(readAccess({ target: noVariable, env: { PVE_ACCESS_TIER: 'full', PVE_READ_ONLY: '1' } })).toEqual({
      allowedSafety: ['read'],
      setting: 'PVE_READ_ONLY=1',
    });
    const emptyTiers: TargetSpec = { ...pveTarget, tiers: [] };
    expect(readAccess({ target: emptyTiers, env: { PVE_ACCESS_TIER: 'nonsense' } })).toEqual({
      setting: 'read-only=1',
    });
  });
});

describe('readAccess with the read-only switch (Portainer)', () => {
  it('restricts nothing by default and names the switch for refusals', () => {
    expect(readAccess({ target, env: {} })).toEqual({ setting: 'PORTAINER_READ_ONLY=1' });
    expect(readAccess({ target, env: { PORTAINER_READ_ONLY: 'off' } })).toEqual({ setting: 'PORTAINER_READ_ONLY=1' });
  });

  it.each(['1', 'true', 'YES', 'on'])('allows the read-only classes of the target with %s', (value) => {
    expect(readAccess({ target, env: { PORTAINER_READ_ONLY: value } })).toEqual({
      allowedSafety: ['read'],
      setting: 'PORTAINER_READ_ONLY=1',
    });
  });

  it('takes the classes from readOnlySafety', () => {
    expect(
      readAccess({ target: { ...target, readOnlySafety: ['read', 'execute'] }, env: { PORTAINER_READ_ONLY: '1' } })
        .allowedSafety,
    ).toEqual(['read', 'execute']);
  });

  it('rejects junk, naming the variable', () => {
    const error = accessError({ target, env: { PORTAINER_READ_ONLY: 'maybe' } });
    expect(error.place).toBe('PORTAINER_READ_ONLY');
  });

  it('is always open for a target without a switch', () => {
    const { readOnly: _readOnly, ...env } = target.env;
    expect(readAccess({ target: { ...target, env }, env: { PORTAINER_READ_ONLY: '1' } })).toEqual({
      setting: 'read-only=1',
    });
  });
});
