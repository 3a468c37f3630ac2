import { describe, expect, it } from 'vitest';
import type { ArgBinding } from '../src/catalog/types.js';
import { type WireOptions, wireEntries } from '../src/tools/wire-values.js';

function entries(
  bindings: readonly ArgBinding[],
  args: Record<string, unknown>,
  options: { locations?: ArgBinding['in'][]; wire?: WireOptions } = {},
) {
  return wireEntries({
    bindings,
    args,
    locations: options.locations ?? ['query', 'body'],
    ...(options.wire ? { wire: options.wire } : {}),
  }).map((entry) => [entry.wire, entry.value, entry.binding.arg] as const);
}

const net: ArgBinding = { arg: 'net', in: 'body', wire: 'net', indexed: true };
const numeric: WireOptions = { booleans: 'numeric' };

describe('wireEntries', () => {
  it('keeps bindings of the asked locations, in binding order, under their wire names', () => {
    const bindings: ArgBinding[] = [
      { arg: 'node', in: 'path', wire: 'node' },
      { arg: 'b', in: 'body', wire: 'B' },
      { arg: 'q', in: 'query', wire: 'Q' },
      { arg: 'h', in: 'header', wire: 'X-H' },
      { arg: 'c', in: 'cookie', wire: 'c' },
      { arg: 'f', in: 'form', wire: 'f' },
    ];
    const args = { node: 'pve1', b: 1, q: 2, h: 3, c: 4, f: 5 };
    expect(entries(bindings, args)).toEqual([
      ['B', 1, 'b'],
      ['Q', 2, 'q'],
    ]);
    expect(entries(bindings, args, { locations: ['header', 'cookie'] })).toEqual([
      ['X-H', 3, 'h'],
      ['c', 4, 'c'],
    ]);
    expect(entries(bindings, args, { locations: [] })).toEqual([]);
  });

  it('skips absent and null arguments, keeps false, 0 and empty strings', () => {
    const bindings: ArgBinding[] = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
      arg: name,
      in: 'query' as const,
      wire: name,
    }));
    expect(entries(bindings, { b: null, c: false, d: 0, e: '' })).toEqual([
      ['c', false, 'c'],
      ['d', 0, 'd'],
      ['e', '', 'e'],
    ]);
  });

  describe('indexed families', () => {
    it('spreads net[n] into net0, net1, ... sorted by slot number, not as text', () => {
      expect(entries([net], { net: { '10': 'c', '2': 'b', '0': 'a' } })).toEqual([
        ['net0', 'a', 'net'],
        ['net2', 'b', 'net'],
        ['net10', 'c', 'net'],
      ]);
    });

    it('drops null slots and sends nothing for an empty object', () => {
      expect(entries([net], { net: { '0': null, '1': 'virtio' } })).toEqual([['net1', 'virtio', 'net']]);
      expect(entries([net], { net: {} })).toEqual([]);
    });

    it('sends a non-object value under the bare wire name', () => {
      expect(entries([net], { net: 'virtio' })).toEqual([['net', 'virtio', 'net']]);
    });

    it('leaves objects of bindings that are not indexed whole', () => {
      const plain: ArgBinding = { arg: 'net', in: 'body', wire: 'net' };
      expect(entries([plain], { net: { '0': 'a' } })).toEqual([['net', { '0': 'a' }, 'net']]);
    });

    it('applies numeric booleans and encodings to each slot', () => {
      const flags: ArgBinding = { arg: 'flag', in: 'query', wire: 'flag', indexed: true };
      expect(entries([flags], { flag: { '1': false, '0': true } }, { wire: numeric })).toEqual([
        ['flag0', 1, 'flag'],
        ['flag1', 0, 'flag'],
      ]);
      const encoded: ArgBinding = { arg: 'key', in: 'body', wire: 'key', indexed: true, encode: 'uri' };
      expect(entries([encoded], { key: { '0': 'a b' } })).toEqual([['key0', 'a%20b', 'key']]);
    });
  });

  describe('booleans', () => {
    const bindings: ArgBinding[] = [
      { arg: 'on', in: 'body', wire: 'onboot' },
      { arg: 'off', in: 'query', wire: 'purge' },
      { arg: 'text', in: 'query', wire: 'text' },
      { arg: 'n', in: 'query', wire: 'n' },
    ];
    const args = { on: true, off: false, text: 'true', n: 1 };

    it('stay true/false by default and with literal booleans', () => {
      const literal = [
        ['onboot', true, 'on'],
        ['purge', false, 'off'],
        ['text', 'true', 'text'],
        ['n', 1, 'n'],
      ];
      expect(entries(bindings, args)).toEqual(literal);
      expect(entries(bindings, args, { wire: { booleans: 'literal' } })).toEqual(literal);
    });

    it('become 1/0 with numeric booleans, leaving strings and numbers alone', () => {
      expect(entries(bindings, args, { wire: numeric })).toEqual([
        ['onboot', 1, 'on'],
        ['purge', 0, 'off'],
        ['text', 'true', 'text'],
        ['n', 1, 'n'],
      ]);
    });

    it('are not changed inside arrays or objects', () => {
      const list: ArgBinding = { arg: 'l', in: 'body', wire: 'l' };
      expect(entries([list], { l: [true, { x: false }] }, { wire: numeric })).toEqual([
        ['l', [true, { x: false }], 'l'],
      ]);
    });
  });

  describe("encode: 'uri'", () => {
    const sshkeys: ArgBinding = { arg: 'sshkeys', in: 'body', wire: 'sshkeys', encode: 'uri' };

    it('percent-encodes string values with encodeURIComponent', () => {
      const key = 'ssh-ed25519 AAAAC3Nz+/= user@host\nssh-rsa BBBB x';
      expect(entries([sshkeys], { sshkeys: key })).toEqual([['sshkeys', encodeURIComponent(key), 'sshkeys']]);
      expect(entries([sshkeys], { sshkeys: 'a b' })[0]?.[1]).toBe('a%20b');
    });

    it('leaves non-string values alone', () => {
      expect(entries([sshkeys], { sshkeys: 5 })).toEqual([['sshkeys', 5, 'sshkeys']]);
      expect(entries([sshkeys], { sshkeys: true }, { wire: numeric })).toEqual([['sshkeys', 1, 'sshkeys']]);
    });
  });
});
