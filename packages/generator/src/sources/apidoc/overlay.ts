import { operationKey } from '../../ir/types.js';
import { InputError } from '../../ir/errors.js';
import type { IrSkipped, SafetyClass } from '../../ir/types.js';
import { stripKeywordsAt } from '../../overlays/pointer.js';
import type { Overlay, OverlaySource } from '../../overlays/types.js';
import type { MethodRef } from './tree.js';

export interface OverlaidMethods {
  readonly kept: MethodRef[];
  readonly dropped: IrSkipped[];
  /** Safety corrected by hand, by `METHOD /path`. */
  readonly safety: ReadonlyMap<string, SafetyClass>;
  /** Stream methods to serve as ordinary tools, by `METHOD /path`. */
  readonly servedStreams: ReadonlySet<string>;
}

/**
 * The target's overlays on an apidoc tree: drop methods or path prefixes, strip
 * keywords at a JSON pointer, correct a safety class, serve a stream method as a
 * tool. Methods are named `METHOD /path`. An entry that matches nothing fails the
 * run (the target file must not carry fixes that no longer apply); apidoc has no
 * tags or request bodies, so `dropTags` and `dropRequestBody` always fail here.
 */
export function applyApidocOverlays(options: {
  roots: unknown[];
  refs: readonly MethodRef[];
  source: OverlaySource;
  specFile: string;
}): OverlaidMethods {
  let kept = [...options.refs];
  const dropped: IrSkipped[] = [];
  const safety = new Map<string, SafetyClass>();
  const servedStreams = new Set<string>();
  for (const overlay of options.source.overlays) {
    const fail = (entry: string) =>
      new InputError(options.source.file, `overlay '${overlay.name}': ${entry} matches nothing in ${options.specFile}`);
    const drop = (
      entries: readonly string[] | undefined,
      kind: string,
      matches: (ref: MethodRef, entry: string) => boolean,
    ) => {
      for (const entry of entries ?? []) {
        const hits = kept.filter((ref) => matches(ref, entry));
        if (hits.length === 0) throw fail(`${kind} entry '${entry}'`);
        kept = kept.filter((ref) => !hits.includes(ref));
        dropped.push(
          ...hits.map((ref) => ({
            key: keyOf(ref),
            reason: `overlay '${overlay.name}': ${overlay.why}`,
            source: { file: options.specFile, pointer: ref.pointer },
          })),
        );
      }
    };
    drop(overlay.dropOperations, 'dropOperations', (ref, entry) => keyOf(ref) === entry);
    drop(
      overlay.dropPathPrefixes,
      'dropPathPrefixes',
      (ref, prefix) =>
        ref.node.path === prefix || ref.node.path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
    );
    unsupported({ overlay, fail });
    for (const [entry, safetyClass] of Object.entries(overlay.setSafety ?? {})) {
      if (!kept.some((ref) => keyOf(ref) === entry)) throw fail(`setSafety entry '${entry}'`);
      safety.set(entry, safetyClass);
    }
    for (const entry of overlay.serveStreams ?? []) {
      if (!kept.some((ref) => keyOf(ref) === entry && /^(DOWNLOAD|UPLOAD)$/.test(String(ref.method.method))))
        throw fail(`serveStreams entry '${entry}' (a DOWNLOAD or UPLOAD method)`);
      servedStreams.add(entry);
    }
    stripKeywordsAt({ root: options.roots, strips: overlay.stripKeywords, fail });
  }
  return { kept, dropped, safety, servedStreams };
}

function keyOf(ref: MethodRef): string {
  return operationKey({ method: ref.verb, path: ref.node.path });
}

function unsupported(options: { overlay: Overlay; fail: (entry: string) => InputError }): void {
  const { dropTags, dropRequestBody } = options.overlay;
  const [kind, entry] = dropTags?.length
    ? ['dropTags', dropTags[0]]
    : dropRequestBody?.length
      ? ['dropRequestBody', dropRequestBody[0]]
      : [];
  if (entry !== undefined)
    throw options.fail(`${kind} entry '${entry}' (apidoc trees have no tags or request bodies; use dropOperations)`);
}
