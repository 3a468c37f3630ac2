/**
 * What `tools/list` serves. `tools` lists every selected tool; `discovery` lists the
 * three discovery tools only; `auto` (the default) lists every tool when the whole
 * listing fits the context budget, and otherwise lists the tools that fit, ranked,
 * plus the discovery tools, through which every other selected operation stays
 * reachable with the same checks. A model then holds a bounded listing whatever the
 * selection, and the cap of a client (VS Code 128, Windsurf 100) is not passed.
 */
export type ToolMode = 'auto' | 'tools' | 'discovery';

export interface SurfaceLimits {
  /** Characters of the serialised listing, discovery tools included. */
  readonly maxChars: number;
  readonly maxTools: number;
}
