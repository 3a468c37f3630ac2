import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/ir/errors.js';
import { planTools } from '../src/plan/tools.js';
import { readApidoc } from '../src/sources/apidoc/read.js';
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
    const levels = [
      'x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from(
        { length: 9 },
        (_, index) => `x-a${index + 1}: &a${index + 1} [${Array(9).fill(`*a${index}`).join(', ')}]`,
      ),
    ];
    const file = specFile(
      'bomb.yaml',
      ['openapi: 3.0.3', 'info: {title: bomb, version: 1.0.0}', ...levels, 'paths: {}', ''].join('\n'),
    );
    // 9^10 nodes if expanded: without the limit this does not finish within the test's time-out.
    const error = await read(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place).toBe(file);
    expect((error as InputError).problem).toMatch(/^YAML aliases expand beyond the limit/);
  });

  it('a few ordinary aliases still parse', async () => {
    const file = specFile(
      'aliases.yaml',
      [
        'openapi: 3.0.3',
        'info: {title: ok, version: 1.0.0}',
        'x-ok: &ok {description: ok}',
        'paths:',
        '  /a:',
        '    get:',
        '      responses:',
        "        '200': *ok",
        '',
      ].join('\n'),
    );
    expect((await read(file)).operations).toHaveLength(1);
  });

  it('a mutual allOf cycle names the operation instead of overflowing the stack', async () => {
    const file = specFile(
      'allof-cycle.yaml',
      [
        'openapi: 3.0.3',
        'info: {title: cycle, version: 1.0.0}',
        'paths:',
        '  /a:',
        '    post:',
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}",
        "      responses: {'200': {description: ok}}",
        'components:',
        '  schemas:',
        "    A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {a: {type: string}}}]}",
        "    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: string}}}]}",
        '',
      ].join('\n'),
    );
    const error = await read(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place).toBe(`${file}#/paths/~1a/post`);
    expect((error as InputError).problem).toContain('allOf contains itself');
  });

  it('operationIds __proto__ and constructor become ordinary tools', async () => {
    const operation = (id: string) => [
      `    get:`,
      `      operationId: ${id}`,
      `      responses: {'200': {description: ok}}`,
    ];
    const file = specFile(
      'proto.yaml',
      [
        'openapi: 3.0.3',
        'info: {title: proto, version: 1.0.0}',
        'paths:',
        '  /a:',
        ...operation('__proto__'),
        '  /b:',
        ...operation('constructor'),
        '',
      ].join('\n'),
    );
    const { tools } = planTools({ api: await read(file), overrides: { file: 'target.yaml', names: {} } });
    expect(tools.map((tool) => tool.name)).toEqual(['constructor', 'proto']);
  });
});

describe('hostile or broken apidoc input', () => {
  const method = (parameters: unknown) => ({ GET: { method: 'GET', name: 'x', description: 'X.', parameters } });
  const readTree = async (name: string, tree: unknown) => {
    const file = specFile(name, typeof tree === 'string' ? tree : JSON.stringify(tree));
    return {
      file,
      error: await readApidoc({ file, title: 'T', version: '1' }).then(
        () => undefined,
        (caught: unknown) => caught as InputError,
      ),
    };
  };

  it('a 5,000-level tree is refused at the depth limit, naming its JSON pointer', async () => {
    // Written as text: building it with JSON.stringify would overflow the test's own stack.
    const text = `[${'{"path":"/x","text":"x","children":['.repeat(5000)}{"path":"/x"}${']}'.repeat(5000)}]`;
    const { file, error } = await readTree('deep.json', text);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.place).toBe(`${file}#/0${'/children/0'.repeat(65)}`);
    expect(error!.problem).toContain('deeper than 64 levels');
  });

  it('a null parameter names the parameter', async () => {
    const { file, error } = await readTree('null-param.json', [
      { path: '/a', text: 'a', info: method({ properties: { node: null } }) },
    ]);
    expect(error?.place).toBe(`${file}#/0/info/GET/parameters/properties/node`);
  });

  it('a null format names the format', async () => {
    const { file, error } = await readTree('null-format.json', [
      { path: '/a', text: 'a', info: method({ properties: { net: { type: 'string', format: null } } }) },
    ]);
    expect(error?.place).toBe(`${file}#/0/info/GET/parameters/properties/net/format`);
  });

  it('an array of properties is refused instead of becoming arguments "0", "1"', async () => {
    const { file, error } = await readTree('array-props.json', [
      { path: '/a', text: 'a', info: method({ properties: [{ type: 'string' }, { type: 'string' }] }) },
    ]);
    expect(error?.place).toBe(`${file}#/0/info/GET/parameters/properties`);
  });

  it('the same METHOD /path twice is refused instead of giving two tools of one name', async () => {
    const { file, error } = await readTree('duplicate.json', [
      { path: '/a', text: 'a', info: method({}) },
      { path: '/a', text: 'a', info: method({}) },
    ]);
    expect(error?.place).toBe(`${file}#/1/info/GET`);
    expect(error?.problem).toBe('GET /a is declared twice (first at /0/info/GET)');
  });
});
