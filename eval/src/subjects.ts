import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepare, readPackagedCatalog, type ServerDefinition } from '../../packages/runtime/src/index.js';
import type { Prepared } from '../../packages/runtime/src/server/prepare.js';
import type { SearchIndexData } from '../../packages/runtime/src/search/data.js';

/**
 * The two packages the issue measures, as a user runs them: Portainer with every profile
 * (`ALL`), Proxmox VE with the `full` tier (every category), both in the default auto tool mode.
 * The URL is never contacted: the evaluation only lists and searches.
 */
export interface Subject {
  readonly label: string;
  readonly packageDir: string;
  readonly tasksFile: string;
  readonly env: Readonly<Record<string, string>>;
}

export const SUBJECTS: readonly Subject[] = [
  {
    label: 'Portainer 2.43, ALL',
    packageDir: 'out/mcp-portainer-2.43',
    tasksFile: 'eval/portainer-2.43.tsv',
    env: { PORTAINER_URL: 'http://127.0.0.1:9', PORTAINER_API_KEY: 'eval', PORTAINER_PROFILES: 'ALL' },
  },
  {
    label: 'Proxmox VE 9.2, full',
    packageDir: 'out/mcp-pve-9.2',
    tasksFile: 'eval/pve-9.2.tsv',
    env: {
      PVE_BASE_URL: 'http://127.0.0.1:9',
      PVE_TOKEN_ID: 'eval@pve!eval',
      PVE_TOKEN_SECRET: 'eval',
      PVE_ACCESS_TIER: 'full',
    },
  },
];

/**
 * The generated package as its `main.gen.ts` starts it: its target module and the data files in `dist/`.
 * `lexicon: false` empties the search index's intent lexicon: it was written with the dev tasks in view,
 * so dev figures overstate how the ranker does on phrasings nobody wrote down; without it, dev shows what
 * a general mechanism (one that needs no hand entries) adds.
 */
export async function loadServer(options: { root: string; subject: Subject; lexicon?: boolean }): Promise<Prepared> {
  const packageDir = path.join(options.root, options.subject.packageDir);
  const { target } = (await import(pathToFileURL(path.join(packageDir, 'src', 'target.gen.ts')).href)) as {
    target: ServerDefinition['target'];
  };
  const catalog = readPackagedCatalog(path.join(packageDir, 'dist'));
  const { search } = catalog;
  const stripped = () => JSON.stringify({ ...(JSON.parse(search()) as SearchIndexData), lexicon: [] });
  const definition: ServerDefinition = {
    target,
    ...catalog,
    ...(options.lexicon === false ? { search: stripped } : {}),
  };
  return prepare({ definition, env: { ...options.subject.env } });
}
