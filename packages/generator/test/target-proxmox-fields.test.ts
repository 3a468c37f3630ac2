import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InputError } from '../src/ir/errors.js';
import { loadTargetFile } from '../src/targets/load.js';
import { DEFAULTS } from '../src/cli/paths.js';

/** Mistakes in the Proxmox-family fields of a target file: one line, file and JSON pointer. */
interface EditableTarget {
  auth: { token: Record<string, string>; ticket: Record<string, string> };
  tasks: Record<string, string>;
  patternDialect: string;
  nameDropPrefixes: string[];
}

const scratch = mkdtempSync(path.join(tmpdir(), 'target-proxmox-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function loadEdited(edit: (target: EditableTarget) => void): Promise<unknown> {
  const target = parse(readFileSync(path.join(DEFAULTS.targetsDir, 'pbs.yaml'), 'utf8')) as EditableTarget;
  edit(target);
  const file = path.join(scratch, `pbs-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(target));
  return loadTargetFile(file).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Proxmox fields of a target file', () => {
  it('specs/pbs.yaml itself loads', async () => {
    expect(await loadEdited(() => undefined)).toBeUndefined();
  });

  it.each([
    [
      'a token separator other than = or :',
      (t: EditableTarget) => (t.auth.token.separator = '-'),
      '#/auth/token/separator',
    ],
    [
      'a token prefix without its =',
      (t: EditableTarget) => (t.auth.token.prefix = 'PBSAPIToken'),
      '#/auth/token/prefix',
    ],
    ['a missing ticket cookie', (t: EditableTarget) => delete t.auth.ticket.cookie, '#/auth/ticket/cookie'],
    [
      'a task id pattern that does not compile',
      (t: EditableTarget) => (t.tasks.idPattern = '^UPID:(?<node>[^:]+'),
      '#/tasks/idPattern',
    ],
    [
      'a task path placeholder nothing fills',
      (t: EditableTarget) => (t.tasks.statusPath = '/nodes/{node}/tasks/{upid}/status'),
      '#/tasks/statusPath',
    ],
    ['an unknown pattern dialect', (t: EditableTarget) => (t.patternDialect = 'python'), '#/patternDialect'],
    [
      'a name prefix without its leading slash',
      (t: EditableTarget) => (t.nameDropPrefixes = ['nodes/{node}']),
      '#/nameDropPrefixes/0',
    ],
  ])('%s is refused at its JSON pointer', async (_what, edit, where) => {
    const error = await loadEdited(edit);
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toContain(where);
  });
});
