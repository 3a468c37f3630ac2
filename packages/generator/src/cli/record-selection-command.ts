import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../emit/write-atomic.js';
import { selectionBump, selectionFingerprint } from '../pipeline/selection-data.js';
import { packageVersion } from '../pipeline/target-spec.js';
import { loadTargetFile } from '../targets/load.js';
import { setEntryFields } from '../targets/update-entry.js';

/**
 * `mcpgen record-selection`: after profiles, names or overlays changed, gives
 * each line's newest entry whose package content moved its next patch, and
 * records the current fingerprint on every entry (first time: no bump, there
 * is nothing to compare with). Only those fields' lines change in the file.
 */
export async function runRecordSelection(options: {
  targets: readonly string[];
  targetsDir: string;
}): Promise<string[]> {
  const changes: string[] = [];
  for (const target of options.targets) {
    const targetPath = path.join(options.targetsDir, `${target}.yaml`);
    const targetFile = await loadTargetFile(targetPath);
    let text = await readFile(targetPath, 'utf8');
    targetFile.versions.forEach((version, index) => {
      const fingerprint = selectionFingerprint({ targetFile, version });
      if (version.selection === fingerprint) return;
      const bump = selectionBump({ targetFile, version });
      text = setEntryFields({
        text,
        index,
        file: targetPath,
        fields: { ...(bump ? { patch: bump.patch } : {}), selection: fingerprint },
      });
      changes.push(
        bump
          ? `${target} ${version.version}: ${bump.parts.join(', ')} changed; package ${packageVersion({ ...version, patch: bump.patch })}`
          : `${target} ${version.version}: selection fingerprint recorded`,
      );
    });
    if (changes.length > 0) await writeFileAtomically({ file: targetPath, data: text });
  }
  process.stdout.write(changes.length > 0 ? `${changes.join('\n')}\n` : 'selection data unchanged\n');
  return changes;
}
