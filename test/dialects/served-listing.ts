import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dialectFiles,
  prepare,
  type SchemaDialect,
  type TargetSpec,
  type ToolSpec,
} from '../../packages/runtime/src/index.js';

export const OUT_DIR = fileURLToPath(new URL('../../out', import.meta.url));

/** Every generated package folder under out/ (pnpm test generates them first). */
export function generatedPackages(): string[] {
  if (!existsSync(OUT_DIR)) return [];
  return readdirSync(OUT_DIR)
    .filter((name) => existsSync(path.join(OUT_DIR, name, 'src', 'tools.gen.ts')))
    .map((name) => path.join(OUT_DIR, name));
}

export interface GeneratedPackage {
  readonly target: TargetSpec;
  readonly tools: readonly ToolSpec[];
  readonly dist: string;
}

export async function loadPackage(dir: string): Promise<GeneratedPackage> {
  const { target } = (await import(path.join(dir, 'src', 'target.gen.ts'))) as { target: TargetSpec };
  // The tools as the server reads them: one spec per line of dist/tools.jsonl.
  const lines = readFileSync(path.join(dir, 'dist', 'tools.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return { target, tools: lines.map((line) => JSON.parse(line) as ToolSpec), dist: path.join(dir, 'dist') };
}

/** A server of the package as a user starts it: every profile, the widest access, the raw tool on, one dialect. */
export function preparePackage(options: {
  pkg: GeneratedPackage;
  dialect: SchemaDialect;
  toolMode: 'tools' | 'discovery';
}) {
  const { pkg, dialect, toolMode } = options;
  const { target } = pkg;
  const env: Record<string, string> = {
    [target.env.url]: 'http://127.0.0.1:9',
    ...credentials(target),
    [target.env.logLevel]: 'error',
    [target.env.profiles]: 'ALL',
    ...(target.env.toolMode ? { [target.env.toolMode]: toolMode } : {}),
    ...(target.env.schemaDialect ? { [target.env.schemaDialect]: dialect } : {}),
    ...(target.env.rawApi ? { [target.env.rawApi]: '1' } : {}),
    ...(target.tiers && target.env.tier ? { [target.env.tier]: target.tiers.at(-1)!.name } : {}),
  };
  return prepare({ definition: { target, tools: pkg.tools, dialects: dialectFiles(pkg.dist) }, env });
}

function credentials(target: TargetSpec): Record<string, string> {
  if (target.auth.kind === 'header-key') return { [target.auth.env]: 'check' };
  return {
    [target.auth.tokenIdEnv]: 'check@pve!dialects',
    [target.auth.tokenSecretEnv]: '00000000-0000-0000-0000-000000000000',
  };
}
