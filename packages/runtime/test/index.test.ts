import { describe, expect, it } from 'vitest';
import * as runtime from '../src/index.js';
import { runServer } from '../src/server/start.js';
import { prepare } from '../src/server/prepare.js';
import { ALL_PROFILES, selectTools, tagsForProfiles, UnknownProfileError } from '../src/select.js';
import { DEFAULT_MAX_TOOLS, DEFAULT_TOOL_BUDGET_CHARS } from '../src/config/variables.js';
import { coreTagsOf } from '../src/server/surface.js';

describe('public surface', () => {
  it('exports exactly the selection, start-up, tool-surface, variable-table, packaged-data, search-index and schema-dialect entry points', () => {
    expect(Object.keys(runtime).sort()).toEqual([
      'ALL_PROFILES',
      'DEFAULT_MAX_TOOLS',
      'DEFAULT_TOOL_BUDGET_CHARS',
      'DISCOVERY_INPUT_SCHEMAS',
      'PACKAGED_DATA',
      'SCHEMA_DIALECTS',
      'SERVED_DIALECTS',
      'UnknownProfileError',
      'buildSearchIndexData',
      'coreTagsOf',
      'dialectFileName',
      'dialectFiles',
      'fullInputSchema',
      'httpVariables',
      'indexEntry',
      'listHttpVariables',
      'listServerVariables',
      'operationTools',
      'packagedDataTexts',
      'precomputeListing',
      'prepare',
      'rawApiTool',
      'readPackagedCatalog',
      'runServer',
      'safetyOfMethod',
      'searchSourceOf',
      'selectTools',
      'serverVariables',
      'tagsForProfiles',
    ]);
  });

  it('re-exports the implementations themselves', () => {
    expect(runtime.ALL_PROFILES).toBe(ALL_PROFILES);
    expect(runtime.selectTools).toBe(selectTools);
    expect(runtime.tagsForProfiles).toBe(tagsForProfiles);
    expect(runtime.UnknownProfileError).toBe(UnknownProfileError);
    expect(runtime.prepare).toBe(prepare);
    expect(runtime.runServer).toBe(runServer);
    expect(runtime.coreTagsOf).toBe(coreTagsOf);
    expect([runtime.DEFAULT_MAX_TOOLS, runtime.DEFAULT_TOOL_BUDGET_CHARS]).toEqual([
      DEFAULT_MAX_TOOLS,
      DEFAULT_TOOL_BUDGET_CHARS,
    ]);
  });
});
