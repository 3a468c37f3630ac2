import { InputError, pointer } from '../ir/errors.js';
import { buildOnce, type Generation } from '../pipeline/build-generation.js';
import type { SpecSource } from '../store/listed-spec.js';
import type { TargetFile } from './schema.js';

/**
 * A profile naming a tag that no listed version has is a typo (`GITOPS: [gitpos]`) and
 * fails the run at its JSON pointer. A tag that only some versions have is fine (an
 * upstream added or removed it) and comes back as a note for the generation report.
 */
export async function checkProfileTags(options: {
  targetFile: TargetFile;
  targetPath: string;
  specs: SpecSource;
  built: Map<number, Promise<Generation>>;
}): Promise<string[]> {
  const { targetFile, targetPath } = options;
  const versions = targetFile.versions.map((version) => version.version);
  const generations = await Promise.all(
    versions.map((_, index) => buildOnce({ ref: options, index, built: options.built })),
  );
  const tagsOf = generations.map((generation) => new Set(generation.tools.flatMap((tool) => tool.tags)));
  const notes: string[] = [];
  for (const [profile, tags] of Object.entries(targetFile.profiles)) {
    tags.forEach((tag, position) => {
      const present = versions.filter((_, index) => tagsOf[index]!.has(tag));
      if (present.length === 0)
        throw new InputError(
          `${targetPath}#${pointer('profiles', profile, position)}`,
          `profile ${profile} names tag '${tag}', the tag of no tool in any listed version (${versions.join(', ')})`,
        );
      if (present.length < versions.length)
        notes.push(`profile ${profile}: tag '${tag}' only in ${present.join(', ')}`);
    });
  }
  return notes;
}
