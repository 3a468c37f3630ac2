import type { SafetyClass } from '../ir/types.js';

/**
 * A named fix for an upstream defect, declared in `specs/<target>.yaml`. Each
 * entry must match something in the document it is applied to; one that matches
 * nothing fails the run, so a renamed or fixed upstream operation is noticed.
 */
export interface Overlay {
  readonly name: string;
  /** Why the fix exists, for the skip report and reviewers. */
  readonly why: string;
  /** Operations by operationId or `METHOD /path`. */
  readonly dropOperations?: readonly string[];
  readonly dropTags?: readonly string[];
  readonly dropPathPrefixes?: readonly string[];
  /** Keywords removed from the object at each JSON pointer of the source document. */
  readonly stripKeywords?: readonly { readonly pointer: string; readonly keywords: readonly string[] }[];
  /** Operations whose declared request body is bogus (e.g. a GET that "requires" a body). */
  readonly dropRequestBody?: readonly string[];
  /** Safety classes corrected by hand, by operationId or `METHOD /path`. */
  readonly setSafety?: Readonly<Record<string, SafetyClass>>;
  /** apidoc: stream methods (DOWNLOAD) that answer JSON unless asked for a file, served as ordinary tools. */
  readonly serveStreams?: readonly string[];
}

/** Where an overlay was declared, for error messages. */
export interface OverlaySource {
  readonly file: string;
  readonly overlays: readonly Overlay[];
}
