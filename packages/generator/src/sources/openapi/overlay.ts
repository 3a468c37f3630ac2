import { operationKey } from '../../ir/types.js';
import { InputError, pointer } from '../../ir/errors.js';
import type { IrSkipped } from '../../ir/types.js';
import { stripKeywordsAt } from '../../overlays/pointer.js';
import type { Overlay, OverlaySource } from '../../overlays/types.js';
import { listOperations, namesOperation, type RawDocument, type RawOperationRef, upperMethod } from './document.js';

/**
 * Applies a target's overlays to a parsed OpenAPI document before validation, so
 * that a structurally broken operation can be dropped before it breaks the run.
 * Mutates `doc`; returns the operations removed, for the skip report.
 */
export function applyOpenApiOverlays(options: {
  doc: RawDocument;
  source: OverlaySource;
  specFile: string;
}): IrSkipped[] {
  const skipped: IrSkipped[] = [];
  for (const overlay of options.source.overlays) {
    const fail = (entry: string) =>
      new InputError(options.source.file, `overlay '${overlay.name}': ${entry} matches nothing in ${options.specFile}`);
    const context = { doc: options.doc, overlay, specFile: options.specFile, skipped, fail };
    dropMatching({
      ...context,
      entries: overlay.dropPathPrefixes,
      kind: 'dropPathPrefixes',
      matches: (ref, prefix) => ref.path.startsWith(prefix),
    });
    dropMatching({
      ...context,
      entries: overlay.dropTags,
      kind: 'dropTags',
      matches: (ref, tag) => (ref.operation.tags ?? []).includes(tag),
    });
    dropMatching({
      ...context,
      entries: overlay.dropOperations,
      kind: 'dropOperations',
      matches: (ref, entry) => namesOperation({ entry, ref }),
    });
    dropRequestBodies(context);
    const stream = overlay.serveStreams?.[0];
    if (stream !== undefined) throw fail(`serveStreams entry '${stream}' (OpenAPI has no apidoc stream methods)`);
    stripKeywordsAt({ root: options.doc, strips: overlay.stripKeywords, fail });
  }
  return skipped;
}

interface OverlayContext {
  readonly doc: RawDocument;
  readonly overlay: Overlay;
  readonly specFile: string;
  readonly skipped: IrSkipped[];
  readonly fail: (entry: string) => InputError;
}

function dropMatching(
  options: OverlayContext & {
    entries: readonly string[] | undefined;
    kind: string;
    matches: (ref: RawOperationRef, entry: string) => boolean;
  },
): void {
  for (const entry of options.entries ?? []) {
    const hits = listOperations(options.doc).filter((ref) => options.matches(ref, entry));
    if (hits.length === 0) throw options.fail(`${options.kind} entry '${entry}'`);
    for (const ref of hits) {
      delete options.doc.paths[ref.path][ref.method];
      options.skipped.push({
        key: operationKey({ method: upperMethod(ref.method), path: ref.path }),
        reason: `overlay '${options.overlay.name}': ${options.overlay.why}`,
        source: { file: options.specFile, pointer: pointer('paths', ref.path, ref.method) },
      });
    }
  }
}

function dropRequestBodies(options: OverlayContext): void {
  for (const entry of options.overlay.dropRequestBody ?? []) {
    const hits = listOperations(options.doc).filter(
      (ref) => namesOperation({ entry, ref }) && ref.operation.requestBody,
    );
    if (hits.length === 0) throw options.fail(`dropRequestBody entry '${entry}'`);
    hits.forEach((ref) => delete ref.operation.requestBody);
  }
}
