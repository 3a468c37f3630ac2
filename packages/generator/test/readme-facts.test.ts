/**
 * What the generated READMEs in out/ (written by `pnpm generate`) tell a user, checked against
 * what the server and a shell do, not against the code that wrote them: every documented default
 * gives the same configuration as leaving the variable unset, and the Claude Code one-liner means
 * the same when pasted into an interactive bash (history expansion on) as the README says.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/src/config/load.js';
import { readHttpConfig } from '../../runtime/src/serve-http/config.js';
import type { TargetSpec } from '../../runtime/src/catalog/target.js';

const OUT = path.resolve(import.meta.dirname, '../../../out');
const GATE = 'g'.repeat(32);

interface Case {
  readonly folder: string;
  /** Enough for the server to start: URL and credential. */
  readonly required: Readonly<Record<string, string>>;
}

const CASES: readonly Case[] = [
  {
    folder: 'mcp-portainer-2.43',
    required: { PORTAINER_URL: 'https://portainer.example.com', PORTAINER_API_KEY: 'ptr_x' },
  },
  {
    folder: 'mcp-pve-9.2',
    required: { PVE_BASE_URL: 'https://pve.example.com:8006', PVE_TOKEN_ID: 'root@pam!mcp', PVE_TOKEN_SECRET: 's' },
  },
];

/** `| \`NAME\` | \`default\` | meaning |` rows of one README table, after the given heading text. */
function documentedDefaults(options: { readme: string; after: string }): Map<string, string> {
  const start = options.readme.indexOf(options.after);
  const rows = options.readme.slice(start).split('\n').slice(2);
  const defaults = new Map<string, string>();
  for (const line of rows) {
    if (!line.startsWith('| `')) {
      if (defaults.size > 0) break;
      continue;
    }
    const match = /^\| `([A-Z0-9_]+)` \| `([^`]*)` \|/.exec(line);
    if (match) defaults.set(match[1]!, match[2]!);
  }
  return defaults;
}

/** The spec the generated server runs with (its target.gen.ts). */
async function targetOf(folder: string): Promise<TargetSpec> {
  const module = (await import(path.join(OUT, folder, 'src', 'target.gen.ts'))) as { target: TargetSpec };
  return module.target;
}

describe.each(CASES)('$folder README', async ({ folder, required }) => {
  const readme = readFileSync(path.join(OUT, folder, 'README.md'), 'utf8');
  const target = await targetOf(folder);

  it('documents server defaults that the server really uses when the variable is unset', () => {
    const defaults = documentedDefaults({ readme, after: '## Configuration' });
    expect(defaults.size).toBeGreaterThan(5);
    const unset = loadConfig({ target, env: required });
    for (const [name, value] of defaults) {
      expect(loadConfig({ target, env: { ...required, [name]: value } }), name).toEqual(unset);
    }
  });

  it('documents HTTP defaults that the HTTP front really uses when the variable is unset (ALLOWED_ORIGINS included)', () => {
    const defaults = documentedDefaults({ readme, after: '## Team server over HTTP' });
    const gate = `${target.http!.envPrefix}AUTH_TOKEN`;
    expect([...defaults.keys()]).toContain(`${target.http!.envPrefix}ALLOWED_ORIGINS`);
    const unset = readHttpConfig({ spec: target.http!, env: { [gate]: GATE } });
    for (const [name, value] of defaults) {
      if (name === target.http!.transportEnv) continue;
      expect(readHttpConfig({ spec: target.http!, env: { [gate]: GATE, [name]: value } }), name).toEqual(unset);
    }
  });

  it('has a Claude Code line that an interactive bash passes on word for word', () => {
    const line = readme.split('\n').find((text) => text.startsWith('claude mcp add '))!;
    const words = line.replace(/^claude mcp add /, '');
    const shell = spawnSync('bash', ['--norc', '--noprofile', '-i'], {
      input: `printf '[%s]\\n' ${words}\n`,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: '/nonexistent' },
    });
    expect(shell.stderr).not.toMatch(/event not found|No such file|syntax error/);
    const printed = shell.stdout
      .split('\n')
      .filter((text) => text.startsWith('['))
      .map((text) => text.slice(1, -1));
    expect(printed.some((word) => word.startsWith(`${target.env.url}=https://`))).toBe(true);
    expect(printed.filter((word) => word === '--env').length).toBeGreaterThanOrEqual(2);
    expect(printed.slice(-3)).toEqual([
      'npx',
      '-y',
      `${target.packageName}@${target.packageVersion.split('.').slice(0, 2).join('.')}`,
    ]);
    if (target.auth.kind === 'proxmox') expect(printed).toContain(`${target.auth.tokenIdEnv}=root@pam!mcp`);
  });
});
