import { describe, expect, it } from 'vitest';
import type { SafetyClass } from '../src/catalog/types.js';
import type { GuardContext } from '../src/safety/guard.js';
import { refusal, safetyOfMethod } from '../src/safety/guard.js';

const open: GuardContext = { setting: 'PORTAINER_READ_ONLY=1' };
const readOnly: GuardContext = { allowedSafety: ['read'], setting: 'PORTAINER_READ_ONLY=1' };
const ALL: SafetyClass[] = ['read', 'execute', 'write', 'destructive'];

describe('refusal', () => {
  it('refuses nothing when the guard has no allowed classes (full access)', () => {
    for (const safety of ALL) expect(refusal({ what: 'endpoint_delete', safety, guard: open })).toBeUndefined();
    expect(
      refusal({ what: 'x', safety: 'destructive', guard: { allowedSafety: undefined, setting: 'X=1' } }),
    ).toBeUndefined();
  });

  it('lets allowed classes through', () => {
    expect(refusal({ what: 'endpoint_inspect', safety: 'read', guard: readOnly })).toBeUndefined();
  });

  it('refuses other classes, naming what, class and setting', () => {
    expect(refusal({ what: 'endpoint_delete', safety: 'destructive', guard: readOnly })).toBe(
      'Refused: endpoint_delete (destructive) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
    );
    expect(refusal({ what: 'stack_create_docker_standalone_string', safety: 'write', guard: readOnly })).toBe(
      'Refused: stack_create_docker_standalone_string (write) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
    );
  });

  it('follows the allowed safety classes of the guard (tiers)', () => {
    const readExecute: GuardContext = { allowedSafety: ['read', 'execute'], setting: 'PVE_ACCESS_TIER=read-execute' };
    expect(refusal({ what: 'start_qemu', safety: 'execute', guard: readExecute })).toBeUndefined();
    expect(refusal({ what: 'get_qemu_config', safety: 'read', guard: readExecute })).toBeUndefined();
    expect(refusal({ what: 'create_qemu', safety: 'write', guard: readExecute })).toBe(
      'Refused: create_qemu (write) is not allowed with PVE_ACCESS_TIER=read-execute. Nothing was sent upstream.',
    );
    expect(refusal({ what: 'start_qemu', safety: 'execute', guard: readOnly })).toMatch(
      /^Refused: start_qemu \(execute\)/,
    );
  });

  it('refuses everything when the allowed list is empty', () => {
    const none: GuardContext = { allowedSafety: [], setting: 'X=none' };
    for (const safety of ALL)
      expect(refusal({ what: 't', safety, guard: none })).toBe(
        `Refused: t (${safety}) is not allowed with X=none. Nothing was sent upstream.`,
      );
  });

  it('names the setting the guard was given and the call description as given', () => {
    const guard: GuardContext = { allowedSafety: ['read'], setting: 'PVE_ACCESS_TIER=read-only' };
    expect(refusal({ what: 'docker_proxy with method POST', safety: 'write', guard })).toBe(
      'Refused: docker_proxy with method POST (write) is not allowed with PVE_ACCESS_TIER=read-only. Nothing was sent upstream.',
    );
  });
});

describe('safetyOfMethod', () => {
  it.each([
    ['GET', 'read'],
    ['HEAD', 'read'],
    ['get', 'read'],
    ['head', 'read'],
    ['POST', 'write'],
    ['PUT', 'write'],
    ['PATCH', 'write'],
    ['post', 'write'],
    ['DELETE', 'destructive'],
    ['delete', 'destructive'],
    ['OPTIONS', 'write'],
  ])('%s is %s', (method, safety) => {
    expect(safetyOfMethod(method)).toBe(safety);
  });
});
