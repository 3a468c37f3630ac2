import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DialectSource, SERVED_DIALECTS, type ServedDialectName } from './types.js';

/**
 * Where a package keeps each dialect's data: JSON files beside the server bundle, outside
 * it, so that a server in the default dialect neither reads, hashes nor compiles them.
 */
export function dialectFileName(options: { dialect: ServedDialectName; part: keyof DialectSource }): string {
  return `${options.dialect}.${options.part}.json`;
}

/** The dialect data of a package whose bundle is in `directory`, read when first asked for. */
export function dialectFiles(directory: string): Record<ServedDialectName, DialectSource> {
  const read = (dialect: ServedDialectName, part: keyof DialectSource) => () =>
    readFileSync(path.join(directory, dialectFileName({ dialect, part })), 'utf8');
  return Object.fromEntries(
    SERVED_DIALECTS.map((dialect) => [dialect, { listing: read(dialect, 'listing'), calls: read(dialect, 'calls') }]),
  ) as Record<ServedDialectName, DialectSource>;
}
