import { describe, expect, it } from 'vitest';
import type { ArgBinding } from '../src/catalog/types.js';
import { appendQuery } from '../src/tools/query.js';
import type { WireOptions } from '../src/tools/wire-values.js';

const PVE = 'https://pve.example.com:8006/api2/json/nodes/pve1/qemu/100';

function query(
  bindings: readonly ArgBinding[],
  args: Record<string, unknown>,
  base = 'https://portainer.example.com/api/endpoints',
  wire?: WireOptions,
): URL {
  const url = new URL(base);
  appendQuery({ url, bindings, args, ...(wire ? { wire } : {}) });
  return url;
}

describe('appendQuery', () => {
  it('appends scalars under their wire names', () => {
    const url = query(
      [
        { arg: 'start', in: 'query', wire: 'start' },
        { arg: 'exclude_snapshot', in: 'query', wire: 'excludeSnapshot' },
        { arg: 'search', in: 'query', wire: 'search' },
      ],
      { start: 0, exclude_snapshot: false, search: 'prod' },
    );
    expect(url.search).toBe('?start=0&excludeSnapshot=false&search=prod');
  });

  it('skips absent and null arguments but keeps empty strings', () => {
    const url = query(
      [
        { arg: 'a', in: 'query', wire: 'a' },
        { arg: 'b', in: 'query', wire: 'b' },
        { arg: 'c', in: 'query', wire: 'c' },
      ],
      { b: null, c: '' },
    );
    expect(url.search).toBe('?c=');
  });

  it('ignores bindings of other locations', () => {
    const url = query(
      [
        { arg: 'id', in: 'path', wire: 'id' },
        { arg: 'token', in: 'header', wire: 'X-Token' },
        { arg: 'Name', in: 'body', wire: 'Name' },
        { arg: 'File', in: 'form', wire: 'File' },
        { arg: 'session', in: 'cookie', wire: 'session' },
      ],
      { id: 1, token: 't', Name: 'n', File: 'f', session: 's' },
    );
    expect(url.search).toBe('');
  });

  it('percent-encodes values', () => {
    const url = query([{ arg: 'search', in: 'query', wire: 'search' }], { search: 'a b&c=d/é' });
    expect(url.searchParams.get('search')).toBe('a b&c=d/é');
    expect(url.search).toBe('?search=a+b%26c%3Dd%2F%C3%A9');
  });

  it('repeats array items by default', () => {
    const url = query([{ arg: 'tagIds', in: 'query', wire: 'tagIds' }], { tagIds: [1, 2, 3] });
    expect(url.searchParams.getAll('tagIds')).toEqual(['1', '2', '3']);
    expect(url.search).toBe('?tagIds=1&tagIds=2&tagIds=3');
  });

  it('repeats array items with the explicit repeat style', () => {
    const url = query([{ arg: 'types', in: 'query', wire: 'types', style: 'repeat' }], { types: [1, 2] });
    expect(url.search).toBe('?types=1&types=2');
  });

  it('joins array items with commas in the csv style', () => {
    const url = query([{ arg: 'groupIds', in: 'query', wire: 'groupIds', style: 'csv' }], { groupIds: [4, 5, 6] });
    expect(url.searchParams.getAll('groupIds')).toEqual(['4,5,6']);
    expect(url.search).toBe('?groupIds=4%2C5%2C6');
  });

  it('sends a scalar as it is in the csv style', () => {
    const url = query([{ arg: 'groupIds', in: 'query', wire: 'groupIds', style: 'csv' }], { groupIds: 4 });
    expect(url.searchParams.getAll('groupIds')).toEqual(['4']);
  });

  it('sends no parameter for an empty array, in the repeat and in the csv style', () => {
    expect(query([{ arg: 'a', in: 'query', wire: 'a' }], { a: [] }).search).toBe('');
    expect(query([{ arg: 'a', in: 'query', wire: 'a', style: 'csv' }], { a: [] }).search).toBe('');
    expect(query([{ arg: 'a', in: 'query', wire: 'a', style: 'json' }], { a: [] }).search).toBe('?a=%5B%5D');
  });

  it('sends JSON text in the json style, whatever the value', () => {
    const bindings: ArgBinding[] = [{ arg: 'filters', in: 'query', wire: 'filters', style: 'json' }];
    expect(query(bindings, { filters: { status: ['running'], label: ['a=b'] } }).searchParams.get('filters')).toBe(
      '{"status":["running"],"label":["a=b"]}',
    );
    expect(query(bindings, { filters: [1, 2] }).searchParams.getAll('filters')).toEqual(['[1,2]']);
    expect(query(bindings, { filters: 'x' }).searchParams.get('filters')).toBe('"x"');
  });

  it('sends objects as JSON text in the default style', () => {
    const url = query([{ arg: 'filters', in: 'query', wire: 'filters' }], { filters: { dangling: true } });
    expect(url.searchParams.get('filters')).toBe('{"dangling":true}');
  });

  it('sends array items that are objects as JSON text', () => {
    const url = query([{ arg: 'f', in: 'query', wire: 'f' }], { f: [{ a: 1 }, 'b'] });
    expect(url.searchParams.getAll('f')).toEqual(['{"a":1}', 'b']);
  });

  it('keeps an existing query and follows binding order', () => {
    const url = query(
      [
        { arg: 'limit', in: 'query', wire: 'limit' },
        { arg: 'start', in: 'query', wire: 'start' },
      ],
      { start: 10, limit: 5 },
      'https://portainer.example.com/api/endpoints?existing=1',
    );
    expect(url.search).toBe('?existing=1&limit=5&start=10');
  });

  it('lets two bindings share a wire name', () => {
    const url = query(
      [
        { arg: 'a', in: 'query', wire: 'x' },
        { arg: 'b', in: 'query', wire: 'x' },
      ],
      { a: 1, b: 2 },
    );
    expect(url.searchParams.getAll('x')).toEqual(['1', '2']);
  });

  describe('wire conventions', () => {
    it('sends booleans as true/false by default and as 1/0 with numeric booleans', () => {
      const bindings: ArgBinding[] = [
        { arg: 'purge', in: 'query', wire: 'purge' },
        { arg: 'skiplock', in: 'query', wire: 'skiplock' },
      ];
      expect(query(bindings, { purge: true, skiplock: false }, PVE).search).toBe('?purge=true&skiplock=false');
      expect(query(bindings, { purge: true, skiplock: false }, PVE, { booleans: 'numeric' }).search).toBe(
        '?purge=1&skiplock=0',
      );
      expect(query(bindings, { purge: true }, PVE, { booleans: 'literal' }).search).toBe('?purge=true');
    });

    it('spreads an indexed family into numbered parameters', () => {
      const url = query(
        [{ arg: 'net', in: 'query', wire: 'net', indexed: true }],
        { net: { '2': 'e1000', '0': 'virtio,bridge=vmbr0' } },
        PVE,
      );
      expect([...url.searchParams]).toEqual([
        ['net0', 'virtio,bridge=vmbr0'],
        ['net2', 'e1000'],
      ]);
    });

    it('URL-encodes a value marked encode: uri once more, on top of the query encoding', () => {
      const url = query(
        [{ arg: 'sshkeys', in: 'query', wire: 'sshkeys', encode: 'uri' }],
        { sshkeys: 'ssh-ed25519 AAAA+/= me@host' },
        PVE,
      );
      expect(url.searchParams.get('sshkeys')).toBe('ssh-ed25519%20AAAA%2B%2F%3D%20me%40host');
      expect(url.search).toBe('?sshkeys=ssh-ed25519%2520AAAA%252B%252F%253D%2520me%2540host');
    });
  });
});
