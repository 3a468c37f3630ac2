import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../src/cli/generate-command.js';
import { DEFAULTS } from '../src/cli/paths.js';
import { lintInputSchemas } from '../src/emit/schema-lint.js';

/**
 * Every generated tool of both targets against the schema subset strict clients
 * accept. The generator's report is compared with an independent check written
 * here, so that no exception can go unreported.
 */
type Schema = Record<string, unknown>;

function independentCheck(name: string, schema: Schema, at = ''): string[] {
  const here = at || '/';
  const found: string[] = [];
  if (schema.$ref !== undefined || schema.$defs !== undefined || schema.definitions !== undefined)
    found.push(`${name} no-ref ${here}`);
  if (schema.anyOf !== undefined || schema.oneOf !== undefined || schema.allOf !== undefined)
    found.push(`${name} no-union ${here}`);
  if (schema.format !== undefined) found.push(`${name} no-format ${here}`);
  if (schema.type === undefined && schema.anyOf === undefined) found.push(`${name} typed-node ${here}`);
  if (schema.properties !== undefined && schema.additionalProperties !== false)
    found.push(`${name} closed-object ${here}`);
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
    found.push(...independentCheck(name, child, `${at}/properties/${escape(key)}`));
  if (schema.items && typeof schema.items === 'object')
    found.push(...independentCheck(name, schema.items as Schema, `${at}/items`));
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    found.push(...independentCheck(name, schema.additionalProperties as Schema, `${at}/additionalProperties`));
  ((schema.anyOf ?? []) as Schema[]).forEach((child, index) =>
    found.push(...independentCheck(name, child, `${at}/anyOf/${index}`)),
  );
  return found;
}

describe('strict-client schema subset', () => {
  it('reports, by tool name, every input schema of both targets that strict clients would reject', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'mcpgen-lint-'));
    try {
      const reports = await runGenerate({
        targets: ['portainer', 'pve'],
        versions: ['2.43.0', '9.2'],
        targetsDir: DEFAULTS.targetsDir,
        specsDir: DEFAULTS.specsDir,
        outDir,
      });
      for (const report of reports) {
        const written = JSON.parse(readFileSync(path.join(report.packageDir, 'schema-lint.json'), 'utf8')) as {
          tool: string;
          rule: string;
          at: string;
        }[];
        expect(written).toEqual(report.schemaExceptions);
        const { tools } = (await import(path.join(report.packageDir, 'src/tools.gen.ts'))) as {
          tools: readonly { name: string }[];
        };
        expect(tools.length).toBe(report.tools);
        // The check runs on what clients are sent; recompute it from the same listing independently.
        const listed = report.schemaExceptions
          .map((exception) => `${exception.tool} ${exception.rule} ${exception.at}`)
          .sort();
        const { listEveryTool } = await import('../src/emit/metrics.js');
        const target = ((await import(path.join(report.packageDir, 'src/target.gen.ts'))) as { target: never }).target;
        const independent = listEveryTool({ target, tools: tools as never })
          .flatMap((tool) => independentCheck(tool.name, tool.inputSchema as Schema))
          .sort();
        expect(listed).toEqual(independent);
      }
      expect(reports[1]!.schemaExceptions).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('flags each rule on a hand-made schema', () => {
    const exceptions = lintInputSchemas([
      {
        name: 'bad',
        inputSchema: {
          type: 'object',
          properties: {
            a: { $ref: '#/x' },
            b: { type: 'string', format: 'date-time' },
            c: { anyOf: [{ type: 'string' }] },
            d: { type: 'object', properties: {} },
          },
          additionalProperties: false,
        },
      },
    ]);
    expect(exceptions.map((exception) => `${exception.rule} ${exception.at}`).sort()).toEqual(
      [
        'closed-object /properties/d',
        'no-format /properties/b',
        'no-ref /properties/a',
        'no-union /properties/c',
        'typed-node /properties/a',
      ].sort(),
    );
  });
});
