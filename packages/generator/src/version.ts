import { createRequire } from 'node:module';

const manifest = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** Stamped into every generated file; changes only with a generator release. */
export const GENERATOR_NAME = manifest.name;
export const GENERATOR_VERSION = manifest.version;
