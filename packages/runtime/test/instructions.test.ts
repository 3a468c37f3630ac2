import { describe, expect, it } from 'vitest';
import { identity, prepare } from '../src/server/prepare.js';
import { portainerEnv, target, tools } from './fixtures.js';

describe('server instructions', () => {
  it('say once what holds for every tool: select (JMESPath), the size cap, refusals and confirmation', () => {
    const own = identity(prepare({ definition: { target, tools }, env: portainerEnv() }));
    expect(own).toMatchObject({ name: 'mcp-portainer', version: '2.43.0' });
    expect(own.instructions).toContain('Tools call the Portainer API (PortainerEE API 2.43.0).');
    expect(own.instructions).toContain('Every tool takes an optional `select`: a JMESPath expression');
    expect(own.instructions).toContain('destructive calls ask for confirmation');
    expect(own.instructions).not.toContain('search_operations');
  });

  it('point to the discovery tools when some operations are not listed', () => {
    const prepared = prepare({
      definition: { target, tools },
      env: portainerEnv({ PORTAINER_PROFILES: 'ALL', PORTAINER_MAX_TOOLS: '6' }),
    });
    expect(identity(prepared).instructions).toContain(
      `${prepared.surface.unlisted} operations are not listed as tools: find them with search_operations`,
    );
  });
});
