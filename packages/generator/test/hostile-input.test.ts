import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/ir/errors.js';
import { planTools } from '../src/plan/tools.js';
import { readOpenApi } from '../src/sources/openapi/read.js';

/** Hostile or broken specs: one clear InputError naming the file, never a stall or a misleading message. */
const dir = mkdtempSync(path.join(tmpdir(), 'mcpgen-hostile-'));

function specFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const read = (file: string) => readOpenApi({ file, overlays: { file: 'target.yaml', overlays: [] } });

describe('hostile OpenAPI input', () => {
  it('a YAML alias bomb is refused by the alias-expansion limit, naming the file', async () => {
    const levels = ['x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 9 }, (_, index) => `x-a${index + 1}: &a${index + 1} [${Array(9).fill(`*a${index}`).join(', ')}]`)];
    const file = specFile('bomb.yaml', ['openapi: 3.0.3', 'info: {title: bomb, version: 1.0.0}', ...levels, 'paths: {}', ''].join('\n'));
    // 9^10 nodes if expanded: without the limit this does not finish within the test's time-out.
    const error = await read(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place).toBe(file);
    expect((error as InputError).problem).toMatch(/^YAML aliases expand beyond the limit/);
  });

  it('a few ordinary aliases still parse', async () => {
    const file = specFile('aliases.yaml', ['openapi: 3.0.3', 'info: {title: ok, version: 1.0.0}', 'x-ok: &ok {description: ok}', 'paths:', '  /a:', '    get:', '      responses:', "        '200': *ok", ''].join('\n'));
    expect((await read(file)).operations).toHaveLength(1);
  });

  it('operationIds __proto__ and constructor become ordinary tools', async () => {
    const operation = (id: string) => [`    get:`, `      operationId: ${id}`, `      responses: {'200': {description: ok}}`];
    const file = specFile('proto.yaml', ['openapi: 3.0.3', 'info: {title: proto, version: 1.0.0}', 'paths:', '  /a:', ...operation('__proto__'), '  /b:', ...operation('constructor'), ''].join('\n'));
    const { tools } = planTools({ api: await read(file), overrides: { file: 'target.yaml', names: {} } });
    expect(tools.map((tool) => tool.name)).toEqual(['constructor', 'proto']);
  });
});
