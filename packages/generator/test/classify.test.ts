import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IrApi } from '../src/ir/types.js';
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
    expect(() => classify({ api, rules: rules({ skip: [{ match: '^PATCH ', reason: 'never' }] }) })).toThrow(
      'target.yaml#/skip/0: this rule matches no operation',
    );
    expect(() =>
      classify({ api, rules: rules({ safetyRules: [{ match: 'nothing-here', safety: 'read', why: 'x' }] }) }),
    ).toThrow('#/safetyRules/0');
  });

  it('fails when an operation has no category, naming it', async () => {
    const api = await readApidoc({ file: SKIPS, title: 'T', version: '1' });
    expect(() => classify({ api, rules: rules({ categories: [{ name: 'qemu', match: '/qemu/' }] }) })).toThrow(
      /target.yaml: no category matches (GET|POST) \/nodes\/\{node\}\/(version|termproxy|storage)/,
    );
  });
});

describe('operations that say they delete (issue 10 item 8)', () => {
  /** A hand-made IR: one POST that deletes, one GET that reads about pruning, one plain create. */
  function api(): IrApi {
    const operation = (method: 'GET' | 'POST', path: string, summary: string, operationId: string) => ({
      key: `${method} ${path}`,
      method,
      path,
      operationId,
      summary,
      tags: ['t'],
      parameters: [],
      deprecated: false,
      safety: method === 'GET' ? ('read' as const) : ('write' as const),
      source: { file: 'spec.yaml', pointer: `/paths/${path}` },
    });
    return {
      title: 'T',
      version: '1',
      operations: [
        operation('POST', '/things/delete', 'Remove several things', 'ThingDeleteBatch'),
        operation('GET', '/things/prune', 'What a prune would remove', 'ThingPruneInfo'),
        operation('POST', '/things', 'Create a thing', 'ThingCreate'),
      ],
      skipped: [],
    } as unknown as IrApi;
  }

  it('fails generation naming every such operation that is neither destructive nor explained', () => {
    expect(() => classify({ api: api(), rules: rules({}) })).toThrow(
      'target.yaml#/safetyRules: 2 operations say delete/remove/destroy/purge/wipe/reset/prune but are not destructive: POST /things/delete (ThingDeleteBatch), GET /things/prune (ThingPruneInfo); mark them destructive under safetyRules or say why not under notDestructive',
    );
  });

  it('passes once a safety rule marks the delete destructive and the target file says why the read is not, and reports the reason', () => {
    const result = classify({
      api: api(),
      rules: rules({
        safetyRules: [{ match: '^POST /things/delete$', safety: 'destructive', why: 'deletes' }],
        notDestructive: [{ match: '^GET /things/prune$', why: 'reads only' }],
      }),
    });
    expect(result.operations.find((op) => op.key === 'POST /things/delete')?.safety).toBe('destructive');
    expect(result.notDestructive).toEqual([
      {
        key: 'GET /things/prune',
        reason: 'reads only',
        source: { file: 'spec.yaml', pointer: '/paths//things/prune' },
      },
    ]);
  });

  it('fails on a notDestructive entry that explains nothing', () => {
    expect(() =>
      classify({
        api: api(),
        rules: rules({
          safetyRules: [{ match: '^POST /things/delete$', safety: 'destructive', why: 'x' }],
          notDestructive: [
            { match: '^GET /things/prune$', why: 'r' },
            { match: '^POST /things$', why: 'never' },
          ],
        }),
      }),
    ).toThrow('target.yaml#/notDestructive/1: this rule matches no operation');
  });
});
