import type { GeneratorChange } from '../targets/generator-changes.js';
import type { ChangeReport } from './diff.js';

/**
 * The report with the target's generator changes. Only when there are some: the changes.json of a
 * target without any keeps its shape, byte for byte.
 */
export function withGeneratorChanges(options: {
  report: ChangeReport;
  entries: readonly GeneratorChange[];
}): ChangeReport {
  return options.entries.length > 0 ? { ...options.report, generatorChanges: options.entries } : options.report;
}

const KIND_LABELS: Record<GeneratorChange['kind'], string> = { fix: 'fix', refactor: 'same behaviour' };

/** The CHANGES.md lines' data: each entry with a reader's label for its kind and its files. */
export function generatorChangeView(report: ChangeReport): { label: string; files: string; entry: GeneratorChange }[] {
  return (report.generatorChanges ?? []).map((entry) => ({
    label: KIND_LABELS[entry.kind],
    files: entry.files.map((file) => `\`${file}\``).join(', '),
    entry,
  }));
}
