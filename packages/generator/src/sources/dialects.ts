import type { TargetFile } from '../targets/schema.js';

/** What the pipeline needs to know about a source dialect beyond reading it. */
export interface SourceDialect {
  /** The upstream publishes no OpenAPI document of its own: the package ships one exported from the IR. */
  readonly exportsOpenApi: boolean;
}

/** One entry per `source:` a target file may name. */
export const SOURCE_DIALECTS: Readonly<Record<TargetFile['source'], SourceDialect>> = {
  openapi: { exportsOpenApi: false },
  apidoc: { exportsOpenApi: true },
};
