import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from './fixtures.js';

/** A scratch workspace: targets dir, out dir, and a target file pointing at one spec. */
export interface Scratch {
  readonly root: string;
  readonly targetsDir: string;
  readonly outDir: string;
  readonly targetFile: string;
}

export function scratchTarget(options: {
  specsDir: string;
  specFile: string;
  sha256: string;
  patch?: (target: Record<string, unknown>) => void;
}): Scratch {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-cli-'));
  const targetsDir = path.join(root, 'targets');
  mkdirSync(targetsDir);
  const target: Record<string, unknown> = {
    target: 'fixture',
    package: 'mcp-fixture',
    displayName: 'Fixture',
    exampleUrl: 'https://fixture.example.com',
    source: 'openapi',
    basePath: '/api',
    auth: { kind: 'header-key', header: 'X-API-Key', env: 'FIXTURE_API_KEY' },
    env: {
      url: 'FIXTURE_URL',
      tlsVerify: 'FIXTURE_TLS_VERIFY',
      timeout: 'FIXTURE_TIMEOUT',
      profiles: 'FIXTURE_PROFILES',
      tagsExtra: 'FIXTURE_TAGS_EXTRA',
      readOnly: 'FIXTURE_READ_ONLY',
      noProxy: 'FIXTURE_NO_PROXY',
      logLevel: 'FIXTURE_LOG_LEVEL',
    },
    defaultTimeoutSeconds: 30,
    readOnlySafety: ['read'],
    profiles: { BASE: ['widgets'] },
    defaultProfiles: ['BASE'],
    versions: [
      {
        version: '1.0.0',
        patch: 0,
        file: options.specFile,
        url: 'https://example.com/spec.yaml',
        sha256: options.sha256,
        overlays: [],
      },
    ],
  };
  options.patch?.(target);
  const targetFile = path.join(targetsDir, 'fixture.yaml');
  writeFileSync(targetFile, stringify(target));
  return { root, targetsDir, outDir: path.join(root, 'out'), targetFile };
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI the way `pnpm generate` does. */
export function runCli(options: { scratch: Scratch; specsDir: string; extra?: readonly string[] }): CliRun {
  const args = [
    'tsx',
    'packages/generator/src/cli/main.ts',
    'generate',
    '--target',
    'fixture',
    '--targets-dir',
    options.scratch.targetsDir,
    '--specs-dir',
    options.specsDir,
    '--out',
    options.scratch.outDir,
    ...(options.extra ?? []),
  ];
  const result = spawnSync('npx', args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: stripNpmNoise(result.stderr) };
}

/** This machine's npm prints a config warning on every npx call; it is not ours. */
function stripNpmNoise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('npm warn'))
    .join('\n');
}
