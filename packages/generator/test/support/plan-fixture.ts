import type { OperationTool } from '@mcpgen/runtime';
import { planTools } from '../../src/plan/tools.js';
import { readOpenApi } from '../../src/sources/openapi/read.js';
import { fixturePath } from './fixtures.js';

/** Reads one fixture spec and plans its tools, with no overlays or overrides. */
export async function planFixture(name: string, names: Record<string, string> = {}) {
  const api = await readOpenApi({ file: fixturePath(name), overlays: { file: 'fixture-target.yaml', overlays: [] } });
  return { api, ...planTools({ api, overrides: { file: 'fixture-target.yaml', names } }) };
}

export function toolNamed(tools: readonly OperationTool[], name: string): OperationTool {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name}; have ${tools.map((t) => t.name).join(', ')}`);
  return tool;
}
