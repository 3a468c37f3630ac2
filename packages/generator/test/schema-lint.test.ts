import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintDialect } from '../src/dialects/lint.js';

/**
 * schema-lint.json reports, per dialect, the documented rules and the exceptions of every
 * listed input schema. The generated packages (out/, made by pnpm generate) have none; the
 * independent checker (test/dialects) checks the served listings again.
 */
const OUT = fileURLToPath(new URL('../../../out', import.meta.url));
const packages = existsSync(OUT)
  ? readdirSync(OUT).filter((name) => existsSync(path.join(OUT, name, 'schema-lint.json')))
  : [];

describe('schema-lint.json', () => {
  it.each(packages)('%s: both dialects, rules listed, 0 exceptions over every tool and the discovery tools', (name) => {
    const lint = JSON.parse(readFileSync(path.join(OUT, name, 'schema-lint.json'), 'utf8')) as Record<
      string,
      { source: string; rules: { id: string }[]; checked: number; exceptions: unknown[] }
    >;
    expect(Object.keys(lint)).toEqual(['openai-strict', 'gemini']);
    const tools = (JSON.parse(readFileSync(path.join(OUT, name, 'dist', 'index.json'), 'utf8')) as unknown[]).length;
    expect(tools).toBeGreaterThan(0);
    for (const report of Object.values(lint)) {
      expect(report.source).toMatch(/^https:\/\//);
      expect(report.rules.length).toBeGreaterThan(4);
      // Every tool, the raw tool where the target has one, and the three discovery tools.
      expect(report.checked).toBeGreaterThanOrEqual(tools + 3);
      expect(report.exceptions).toEqual([]);
    }
  });
});

describe('the dialect lint', () => {
  const tool = (inputSchema: Record<string, unknown>) => [{ name: 'bad', inputSchema }];

  it('flags each OpenAI strict rule', () => {
    const found = lintDialect({
      dialect: 'openai-strict',
      tools: tool({
        type: 'object',
        properties: {
          a: { type: 'string', default: 'x' },
          b: { type: 'object', properties: { c: { type: 'string' } }, required: ['c'] },
          d: { description: 'untyped' },
          e: { type: 'string', format: 'uri' },
        },
        required: ['a', 'b', 'd'],
        additionalProperties: false,
      }),
    }).map((exception) => `${exception.rule} ${exception.at}`);
    expect(found.sort()).toEqual(
      [
        'all-required /',
        'supported-keyword /properties/a',
        'closed-object /properties/b',
        'typed-node /properties/d',
        'supported-format /properties/e',
      ].sort(),
    );
    expect(lintDialect({ dialect: 'openai-strict', tools: tool({ anyOf: [] }) }).map((e) => e.rule)).toContain(
      'root-object',
    );
  });

  it('flags each Gemini rule', () => {
    const found = lintDialect({
      dialect: 'gemini',
      tools: tool({
        type: 'object',
        properties: {
          'dry-run': { type: 'boolean' },
          size: { type: 'integer', enum: [1, 2] },
          list: { type: ['string', 'null'] },
          map: { type: 'object' },
          text: { type: 'string', pattern: '^x$' },
          when: { type: 'string', format: 'uri' },
        },
      }),
    }).map((exception) => `${exception.rule} ${exception.at}`);
    expect(found.sort()).toEqual(
      [
        'property-name /',
        'supported-field /properties/size',
        'string-enum /properties/size',
        'single-type /properties/list',
        'object-properties /properties/map',
        'supported-field /properties/text',
        'supported-format /properties/when',
      ].sort(),
    );
  });
});
