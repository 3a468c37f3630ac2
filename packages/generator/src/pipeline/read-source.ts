import type { IrApi } from '../ir/types.js';
import { readApidoc } from '../sources/apidoc/read.js';
import { readOpenApi } from '../sources/openapi/read.js';
import type { TargetFile, TargetVersion } from '../targets/schema.js';
import { classify } from './classify.js';

/** The source adapter chosen by the target file, then the target's generic rules. */
export async function readSource(options: {
  targetFile: TargetFile;
  targetPath: string;
  version: TargetVersion;
  specPath: string;
}): Promise<IrApi> {
  const { targetFile, version, specPath } = options;
  const overlays = {
    file: options.targetPath,
    overlays: targetFile.overlays.filter((overlay) => version.overlays.includes(overlay.name)),
  };
  const api =
    targetFile.source === 'openapi'
      ? await readOpenApi({ file: specPath, overlays })
      : await readApidoc({
          file: specPath,
          title: `${targetFile.displayName} API`,
          version: version.version,
          dialect: { patterns: targetFile.patternDialect },
          overlays,
        });
  return classify({
    api,
    rules: {
      file: options.targetPath,
      skip: targetFile.skip,
      categories: targetFile.categories,
      safetyRules: targetFile.safetyRules,
      notDestructive: targetFile.notDestructive,
      descriptionRewrites: targetFile.descriptionRewrites,
    },
  });
}
