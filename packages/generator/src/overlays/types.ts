import type { TargetFile } from '../targets/schema.js';

/**
 * A named fix for an upstream defect, declared in `specs/<target>.yaml`; its shape is declared once, by
 * the target-file schema (targets/schema.ts). Each
 * entry must match something in the document it is applied to; one that matches
 * nothing fails the run, so a renamed or fixed upstream operation is noticed.
 */
export type Overlay = TargetFile['overlays'][number];

/** Where an overlay was declared, for error messages. */
export interface OverlaySource {
  readonly file: string;
  readonly overlays: readonly Overlay[];
}
