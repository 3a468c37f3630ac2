import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../ir/errors.js';
import { runCheckUpstream } from './check-upstream-command.js';
import { listTargets, runGenerate } from './generate-command.js';
import { runRecordSelection } from './record-selection-command.js';
import { resolveSpecsDir } from '../store/specs-dir.js';
import { DEFAULTS, REPO_ROOT } from './paths.js';

/** Which target files a command reads; every command takes them alike. */
const TARGET_OPTIONS = {
  target: {
    type: 'string',
    array: true,
    describe: 'Target names (specs/<target>.yaml); default: every target file there',
  },
  'targets-dir': { type: 'string', default: DEFAULTS.targetsDir, describe: 'Directory holding <target>.yaml' },
} as const;

/** `mcpgen generate`: the maintainers' command, run by `pnpm generate`. */
async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('mcpgen')
    .command(
      'generate',
      'Generate MCP server packages for the upstream versions listed in specs/<target>.yaml',
      (command) =>
        command
          .options(TARGET_OPTIONS)
          .option('upstream', { type: 'string', array: true, describe: 'Only these upstream versions' })
          .option('spec', {
            type: 'string',
            describe: 'Path or URL of a new upstream release: checked, recorded in specs/<target>.yaml, generated',
          })
          .option('url', {
            type: 'string',
            describe: 'With --spec as a path: where the upstream publishes it (must serve the same bytes; recorded)',
          })
          .option('overlays', {
            type: 'string',
            describe:
              "With --spec: the new version's overlays, comma-separated ('' for none); default: the previous entry's",
          })
          .option('specs-dir', {
            type: 'string',
            describe:
              'Spec store (versions[].file is relative to it); default: $MCPGEN_SPECS_DIR, ../shared/specs, $XDG_CACHE_HOME/mcpgen/specs',
          })
          .option('out', { type: 'string', default: DEFAULTS.outDir, describe: 'Output directory for packages' }),
      async (options) => {
        await runGenerate({
          ...(options.target ? { targets: options.target } : {}),
          ...(options.upstream ? { versions: options.upstream } : {}),
          ...(options.spec ? { spec: options.spec } : {}),
          ...(options.url ? { url: options.url } : {}),
          ...(options.overlays !== undefined
            ? {
                overlays: options.overlays
                  .split(',')
                  .map((name) => name.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(process.env.MCPGEN_SPECS_MIRROR ? { mirror: process.env.MCPGEN_SPECS_MIRROR } : {}),
          targetsDir: options['targets-dir'],
          specsDir: resolveSpecsDir({ flag: options['specs-dir'], env: process.env, repoRoot: REPO_ROOT }).dir,
          outDir: options.out,
        });
      },
    )
    .command(
      'check-upstream',
      'List upstream releases newer than the versions recorded in specs/<target>.yaml, from each vendor feed (upstreamFeed)',
      (command) =>
        command
          .options(TARGET_OPTIONS)
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'One JSON array [{target, version, spec, specPublished}]',
          })
          .option('github-api', {
            type: 'string',
            default: process.env.MCPGEN_GITHUB_API_URL ?? 'https://api.github.com',
            describe: 'GitHub REST API base ($MCPGEN_GITHUB_API_URL)',
          }),
      async (options) => {
        await runCheckUpstream({
          targets: options.target ?? (await listTargets(options['targets-dir'])),
          targetsDir: options['targets-dir'],
          json: options.json,
          endpoints: { githubApi: options['github-api'] },
        });
      },
    )
    .command(
      'record-selection',
      "Record in specs/<target>.yaml the selection data (profiles, names, overlays) each package is made with; a line's newest version whose data changed gets the next patch",
      (command) => command.options(TARGET_OPTIONS),
      async (options) => {
        await runRecordSelection({
          targets: options.target ?? (await listTargets(options['targets-dir'])),
          targetsDir: options['targets-dir'],
        });
      },
    )
    .demandCommand(1)
    .strict()
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync();
}

class UsageError extends Error {}

main(hideBin(process.argv)).catch((error: unknown) => {
  if (error instanceof InputError || error instanceof UsageError) {
    process.stderr.write(`mcpgen: error: ${error.message}\n`);
  } else {
    process.stderr.write(`mcpgen: internal error (please report): ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
});
