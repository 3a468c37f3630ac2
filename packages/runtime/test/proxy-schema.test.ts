import { describe, expect, it } from 'vitest';
import type { ProxyTool } from '../src/catalog/types.js';
import { PROXY_METHODS, prefixVariables, proxyInputSchema } from '../src/tools/proxy-schema.js';
import { createArgumentValidator } from '../src/tools/validate.js';
import { dockerProxy } from './fixtures.js';

describe('prefixVariables', () => {
  it('lists the variables of the prefix in order', async () => {
    expect(prefixVariables(dockerProxy)).toEqual(['environment_id']);
    expect(prefixVariables({ ...dockerProxy, prefix: '/nodes/{node}/qemu/{vmid}/agent' })).toEqual(['node', 'vmid']);
    expect(prefixVariables({ ...dockerProxy, prefix: '/docker' })).toEqual([]);
  });
});

describe('proxyInputSchema', () => {
  it('describes prefix variables, path, method, query, headers and body', async () => {
    const schema = proxyInputSchema(dockerProxy);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['environment_id', 'path']);
    expect(schema.additionalProperties).toBe(false);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(['environment_id', 'path', 'method', 'query_params', 'headers', 'body']);
    expect(properties.environment_id).toEqual({
      type: 'integer',
      description: 'Value of {environment_id} in /endpoints/{environment_id}/docker.',
    });
    expect(properties.method).toEqual({
      type: 'string',
      enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      default: 'GET',
    });
    expect(String(properties.path?.description)).toContain('/endpoints/{environment_id}/docker');
  });

  it('offers exactly the HTTP methods of the catalogue', async () => {
    expect([...PROXY_METHODS]).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
  });

  describe('validated with the runtime validator', () => {
    const schema = proxyInputSchema(dockerProxy);
    const check = (args: unknown) => createArgumentValidator().check({ name: 'docker_proxy', schema, args });

    it('accepts a full call', async () => {
      const args = {
        environment_id: 1,
        path: '/containers/json',
        method: 'POST',
        query_params: { all: true, limit: 3, filters: '{}' },
        headers: { 'X-Registry-Auth': 'e30=' },
        body: { any: ['thing'] },
      };
      expect(await check(args)).toEqual({ ok: true, args });
    });

    it.each([
      [{ path: '/containers/json' }, "must have required property 'environment_id'"],
      [{ environment_id: 1 }, "must have required property 'path'"],
      [{ environment_id: '1', path: '/x' }, 'data/environment_id must be integer'],
      [{ environment_id: 1, path: '/x', method: 'TRACE' }, 'data/method must be equal to one of the allowed values'],
      [
        { environment_id: 1, path: '/x', query_params: { filters: { status: ['running'] } } },
        'data/query_params/filters must be string,number,boolean',
      ],
      [{ environment_id: 1, path: '/x', headers: { 'X-Count': 1 } }, 'data/headers/X-Count must be string'],
      [{ environment_id: 1, path: '/x', url: 'http://evil' }, 'must NOT have additional properties'],
    ])('rejects %j', async (args, problem) => {
      const checked = await check(args);
      expect(checked.ok).toBe(false);
      expect(checked.ok ? '' : checked.problem).toContain(problem);
    });
  });

  it('requires every variable of a multi-variable prefix', async () => {
    const tool: ProxyTool = { ...dockerProxy, prefix: '/nodes/{node}/qemu/{vmid}' };
    expect(proxyInputSchema(tool).required).toEqual(['node', 'vmid', 'path']);
  });
});
