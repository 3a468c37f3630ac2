import { describe, expect, it } from 'vitest';
import { checkCoreTags, checkToolNames, clientFitWarnings, coreToolWarnings } from '../src/emit/client-fit.js';
import { InputError } from '../src/ir/errors.js';

const tool = (name: string) => ({
  kind: 'proxy' as const,
  name,
  description: 'd',
  prefix: '/x',
  tags: [],
  annotations: { title: 't', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});
const row = (profile: string, listed: number, listTokens: number) => ({
  profile,
  tags: '',
  tools: listed + 500,
  listed,
  readTools: 0,
  listBytes: listTokens * 4,
  listTokens,
  allToolsTokens: listTokens * 9,
  listedNames: [],
});

describe('client-fit checks', () => {
  it('fail the run on a name some client rejects, naming it', () => {
    expect(() => checkToolNames({ tools: [tool('ok_name'), tool('Bad-Name')], targetPath: 'specs/x.yaml' })).toThrow(
      InputError,
    );
    expect(() => checkToolNames({ tools: [tool('a'.repeat(65))], targetPath: 'specs/x.yaml' })).toThrow(
      /specs\/x\.yaml: tool name 'a{65}'/,
    );
    expect(() => checkToolNames({ tools: [tool('a'.repeat(64))], targetPath: 'specs/x.yaml' })).not.toThrow();
  });

  it('fail the run on a core tag that no tool has, naming its place', () => {
    const tagged = [
      { ...tool('a'), tags: ['qemu'] },
      { ...tool('b'), tags: ['lxc'] },
    ];
    expect(() =>
      checkCoreTags({ tools: tagged, targetFile: { coreTags: ['qemu', 'lxc'] }, targetPath: 'specs/x.yaml' }),
    ).not.toThrow();
    expect(() => checkCoreTags({ tools: tagged, targetFile: {}, targetPath: 'specs/x.yaml' })).not.toThrow();
    expect(() =>
      checkCoreTags({ tools: tagged, targetFile: { coreTags: ['qemu', 'qmeu'] }, targetPath: 'specs/x.yaml' }),
    ).toThrow("specs/x.yaml#/coreTags/1: core tag 'qmeu' is the tag of no tool");
  });

  it('warn, without failing a release, on core tools and search keywords naming no tool of the version', () => {
    const targetFile = {
      core: [{ tool: 'ok_name' }, { tool: 'gone_tool' }],
      search: { keywords: { ok_name: {}, typo_tool: {} } },
    };
    expect(coreToolWarnings({ tools: [tool('ok_name')], targetFile, targetPath: 'specs/x.yaml' })).toEqual([
      "specs/x.yaml#/core/1/tool: core tool 'gone_tool' is no tool of this version",
      "specs/x.yaml#/search/keywords/typo_tool: 'typo_tool' is no tool of this version",
    ]);
  });

  it('warn per selection over each client cap (tools listed, not selected) and over the token budget', () => {
    const warnings = clientFitWarnings({
      metrics: [row('small', 30, 1000), row('mid', 101, 1000), row('big', 129, 40000)],
      tokenBudget: 30000,
    });
    expect(warnings).toEqual([
      'mid: 101 tools listed is over the cap of Cursor (40), Windsurf (100); suggest discovery mode, a lower tool count or a narrower selection',
      'big: 129 tools listed is over the cap of Cursor (40), Windsurf (100), VS Code (128); suggest discovery mode, a lower tool count or a narrower selection',
      'big: tools/list is 40000 tokens, over the budget of 30000',
    ]);
  });
});
