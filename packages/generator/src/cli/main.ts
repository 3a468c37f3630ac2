import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../ir/errors.js';
import { runGenerate } from './generate-command.js';
import { DEFAULTS } from './paths.js';

/** `mcpgen generate`: the maintainers' command, run by `pnpm generate`. */
async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('mcpgen')
    .command(
      'generate',
      'Generate MCP server packages for the upstream versions listed in specs/<target>.yaml',
      (command) =>
        command
          .option('target', { type: 'string', array: true, describe: 'Target names (specs/<target>.yaml); default: every target file there' })
          .option('upstream', { type: 'string', array: true, describe: 'Only these upstream versions' })
          .option('spec', { type: 'string', describe: 'Path or URL of a new upstream release: checked, recorded in specs/<target>.yaml, generated' })
          .option('url', { type: 'string', describe: 'With --spec: where the upstream publishes it (recorded)' })
          .option('specs-dir', { type: 'string', default: DEFAULTS.specsDir, describe: 'Directory the versions[].file paths are relative to' })
          .option('targets-dir', { type: 'string', default: DEFAULTS.targetsDir, describe: 'Directory holding <target>.yaml' })
          .option('out', { type: 'string', default: DEFAULTS.outDir, describe: 'Output directory for packages' }),
      async (options) => {
        await runGenerate({
          ...(options.target ? { targets: options.target } : {}),
          ...(options.upstream ? { versions: options.upstream } : {}),
          ...(options.spec ? { spec: options.spec } : {}),
          ...(options.url ? { url: options.url } : {}),
          targetsDir: options['targets-dir'],
          specsDir: options['specs-dir'],
          outDir: options.out,
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
