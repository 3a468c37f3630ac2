import { z } from 'zod';

/**
 * A change of the generator that altered a target's packages with no upstream change. The target file
 * lists them, newest first, so that a regenerated package's CHANGES.md says why its bytes differ from
 * the previous generation of the same upstream version. `fix`: the package behaves better (say what
 * was wrong); `refactor`: other bytes, same behaviour (e.g. a fact moved from code into the target file).
 * Any other difference in a package's output is a regression (`pnpm package-hashes` finds it).
 */
export const generatorChange = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  kind: z.enum(['fix', 'refactor']),
  /** The package files whose bytes it changed, e.g. `dist/server.cjs`. */
  files: z.array(z.string().min(1)).min(1),
  change: z.string().min(1),
});

export type GeneratorChange = z.infer<typeof generatorChange>;
