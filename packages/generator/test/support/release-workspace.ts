import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGenerate } from '../../src/cli/generate-command.js';
import type { GenerateArgs } from '../../src/cli/generate-command.js';
import { REPO_ROOT } from './fixtures.js';

export const RELEASE_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/release');

/** A git repository holding a target file (`targets/fixture.yaml`) and its spec store (`specs/`), as a maintainer's checkout. */
export interface ReleaseWorkspace {
  readonly root: string;
  readonly targetsDir: string;
  readonly specsDir: string;
  readonly outDir: string;
  readonly targetFile: string;
  /** `git status --porcelain`: empty when the run changed nothing. */
  status(): string;
  targetText(): string;
  /** A release document: the 1.1 spec with another stated version (and optional text edits). */
  writeSpec(options: { name: string; text: string }): string;
  generate(args: Partial<GenerateArgs>): ReturnType<typeof runGenerate>;
}

export function releaseWorkspace(): ReleaseWorkspace {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-record-'));
  const targetsDir = path.join(root, 'targets');
  const specsDir = path.join(root, 'specs');
  mkdirSync(targetsDir);
  cpSync(path.join(RELEASE_FIXTURES, 'fixture.yaml'), path.join(targetsDir, 'fixture.yaml'));
  cpSync(path.join(RELEASE_FIXTURES, 'specs'), specsDir, { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), 'out/\ninbox/\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  mkdirSync(path.join(root, 'inbox'));
  const targetFile = path.join(targetsDir, 'fixture.yaml');
  return {
    root,
    targetsDir,
    specsDir,
    outDir: path.join(root, 'out'),
    targetFile,
    status: () => git('status', '--porcelain'),
    targetText: () => readFileSync(targetFile, 'utf8'),
    writeSpec: ({ name, text }) => {
      const file = path.join(root, 'inbox', name);
      writeFileSync(file, text);
      return file;
    },
    generate: (args) =>
      runGenerate({ targets: ['fixture'], targetsDir, specsDir, outDir: path.join(root, 'out'), ...args }),
  };
}

/** The 1.1 fixture spec stating `version`, with optional replacements. */
export function specText(options: { version: string; replace?: readonly [string, string][] }): string {
  let text = readFileSync(path.join(RELEASE_FIXTURES, 'specs/fixture/1.1.yaml'), 'utf8').replace(
    'version: "1.1" }',
    `version: "${options.version}" }`,
  );
  for (const [from, to] of options.replace ?? []) text = text.replace(from, to);
  return text;
}
