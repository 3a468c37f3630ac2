import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClassifyRules, classify } from '../src/pipeline/classify.js';
import { readApidoc } from '../src/sources/apidoc/read.js';
import { REPO_ROOT } from './support/fixtures.js';

const SKIPS = path.join(REPO_ROOT, 'test/fixtures/apidoc/skips.json');

function rules(partial: Partial<ClassifyRules>): ClassifyRules {
  return { file: 'target.yaml', skip: [], categories: [], safetyRules: [], ...partial };
}

describe('target-file rules on the IR', () => {
  it('moves skipped methods to the skip report with their reason', async () => {
    const api = await readApidoc({ file: SKIPS, title: 'T', version: '1' });
    const result = classify({
      api,
      rules: rules({
        skip: [
          { match: '^GET \\S*/vncwebsocket$', reason: 'websocket' },
          { match: '^POST \\S*/(vncproxy|termproxy)$', reason: 'console' },
          { match: '/upload$', reason: 'upload' },
        ],
      }),
    });
    expect(result.operations.map((op) => op.key)).toEqual(['GET /nodes/{node}/version']);
    expect(result.skipped.map((skip) => skip.reason).sort()).toEqual(['console', 'console', 'upload', 'websocket']);
    expect(result.operations.length + result.skipped.length).toBe(api.operations.length);
  });

  it('tags operations with every matching category and applies the first matching safety rule', async () => {
    const api = await readApidoc({ file: SKIPS, title: 'T', version: '1' });
    const result = classify({
      api,
      rules: rules({
        categories: [
          { name: 'qemu', match: '/qemu/' },
          { name: 'nodes', match: '^\\S+ /nodes' },
        ],
        safetyRules: [{ match: '/vncproxy$', safety: 'execute', why: 'test' }],
      }),
    });
    const proxy = result.operations.find((op) => op.key.endsWith('/vncproxy'))!;
    expect(proxy.tags).toEqual(['qemu', 'nodes']);
    expect(proxy.safety).toBe('execute');
    expect(result.operations.find((op) => op.key === 'GET /nodes/{node}/version')!.tags).toEqual(['nodes']);
  });

  it('fails on a rule that matches nothing, naming it by JSON pointer', async () => {
    const api = await readApidoc({ file: SKIPS, title: 'T', version: '1' });
    expect(() => classify({ api, rules: rules({ skip: [{ match: '^PATCH ', reason: 'never' }] }) })).toThrow('target.yaml#/skip/0: this rule matches no operation');
    expect(() => classify({ api, rules: rules({ safetyRules: [{ match: 'nothing-here', safety: 'read', why: 'x' }] }) })).toThrow('#/safetyRules/0');
  });

  it('fails when an operation has no category, naming it', async () => {
    const api = await readApidoc({ file: SKIPS, title: 'T', version: '1' });
    expect(() => classify({ api, rules: rules({ categories: [{ name: 'qemu', match: '/qemu/' }] }) })).toThrow(/target.yaml: no category matches (GET|POST) \/nodes\/\{node\}\/(version|termproxy|storage)/);
  });
});
