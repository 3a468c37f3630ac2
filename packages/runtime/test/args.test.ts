import { describe, expect, it } from 'vitest';
import { isPresent, scalarToWire } from '../src/tools/args.js';

describe('scalarToWire', () => {
  it('keeps strings as they are', () => {
    expect(scalarToWire('nginx:latest')).toBe('nginx:latest');
    expect(scalarToWire('')).toBe('');
  });

  it('writes numbers and booleans in their plain text form', () => {
    expect(scalarToWire(3)).toBe('3');
    expect(scalarToWire(0)).toBe('0');
    expect(scalarToWire(-1.5)).toBe('-1.5');
    expect(scalarToWire(true)).toBe('true');
    expect(scalarToWire(false)).toBe('false');
  });

  it('writes objects, arrays and null as JSON', () => {
    expect(scalarToWire({ status: ['running'] })).toBe('{"status":["running"]}');
    expect(scalarToWire([1, 2])).toBe('[1,2]');
    expect(scalarToWire(null)).toBe('null');
  });
});

describe('isPresent', () => {
  it('is false only for undefined and null', () => {
    expect(isPresent(undefined)).toBe(false);
    expect(isPresent(null)).toBe(false);
    expect(isPresent(0)).toBe(true);
    expect(isPresent('')).toBe(true);
    expect(isPresent(false)).toBe(true);
    expect(isPresent([])).toBe(true);
  });
});
