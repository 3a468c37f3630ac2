import { describe, expect, it } from 'vitest';
import { summariseEnums } from '../src/plan/enum-summary.js';
import { integerRangePattern } from '../src/plan/integer-range.js';
import { portablePattern } from '../src/patterns/portable.js';

describe('integerRangePattern', () => {
  it('accepts exactly the canonical integers of the range', () => {
    for (const [min, max] of [
      [0, 255],
      [1, 30],
      [7, 7],
      [0, 9],
      [10, 99],
      [95, 1203],
      [486, 486],
      [0, 1000],
    ] as const) {
      const pattern = new RegExp(`^${integerRangePattern({ min, max })}$`, 'u');
      for (let value = 0; value <= 1300; value += 1)
        expect(pattern.test(String(value)), `${value} in ${min}..${max}`).toBe(value >= min && value <= max);
      expect(pattern.test(`0${min}`)).toBe(false);
    }
  });
});

describe('summariseEnums', () => {
  const values = [
    'rootfs',
    'cdrom',
    'a-b',
    ...Array.from({ length: 256 }, (_, index) => `mp${index}`),
    'unused3',
    'unused17',
    '486',
    'disk007',
  ];

  it('never widens: exactly the enum values pass, gaps and lone numbers included', () => {
    const summary = summariseEnums({ type: 'string', enum: values });
    expect(summary.enum).toBeUndefined();
    const pattern = new RegExp(String(summary.pattern), 'u');
    for (const value of values) expect(pattern.test(value), value).toBe(true);
    for (const value of ['mp256', 'mp01', 'unused4', 'unused0', '487', '48', 'disk7', 'a_b', 'ab', 'rootfs0'])
      expect(pattern.test(value), value).toBe(false);
    expect(summary.description).toBe('One of: rootfs, cdrom, a-b, mp0..mp255, unused3, unused17, 486, disk007.');
  });

  it("writes a pattern both ECMAScript and the server's linear-time engine compile", () => {
    const summary = summariseEnums({ type: 'string', enum: [...values, 'x.y', 'p(q)', 'under_score', 'at@'] });
    expect(portablePattern(String(summary.pattern))).toEqual({ ok: true, pattern: summary.pattern });
  });
});
