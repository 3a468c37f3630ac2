import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureColdStart, measureNodeFloor, median } from './cold-start.js';

/**
 * `pnpm bench`: figures measured on this machine, printed as one table.
 * Runs against the packages in out/ (run `pnpm generate` first).
 */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

interface Subject {
  readonly label: string;
  readonly bin: string;
  readonly env: Record<string, string>;
}

const PORTAINER_ENV = { PORTAINER_URL: 'http://127.0.0.1:9', PORTAINER_API_KEY: 'bench' };

const SUBJECTS: readonly Subject[] = [
  { label: 'mcp-portainer 2.43, default profiles', bin: 'out/mcp-portainer-2.43/dist/mcp-portainer.js', env: PORTAINER_ENV },
  { label: 'mcp-portainer 2.43, ALL', bin: 'out/mcp-portainer-2.43/dist/mcp-portainer.js', env: { ...PORTAINER_ENV, PORTAINER_PROFILES: 'ALL' } },
];

async function repeat<T>(count: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < count; index += 1) results.push(await task());
  return results;
}

async function main(): Promise<void> {
  const floor = median(await repeat(RUNS, measureNodeFloor));
  const rows = [['subject', 'cold start to tools/list (median ms)', 'x node -e 0', 'tools/list bytes']];
  rows.push(['node -e 0 (floor)', floor.toFixed(1), '1.00', '']);
  for (const subject of SUBJECTS) {
    const bin = path.join(REPO_ROOT, subject.bin);
    if (!existsSync(bin)) throw new Error(`${subject.bin} is missing: run \`pnpm generate\` first`);
    const runs = await repeat(RUNS, () => measureColdStart({ command: process.execPath, args: [bin], env: subject.env }));
    const ms = median(runs.map((run) => run.milliseconds));
    rows.push([subject.label, ms.toFixed(1), (ms / floor).toFixed(2), String(runs[0]?.listBytes ?? '')]);
  }
  printTable(rows);
}

function printTable(rows: readonly string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  process.stdout.write([line(rows[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
