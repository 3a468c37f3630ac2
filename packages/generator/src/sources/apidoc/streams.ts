import type { IrSkipped } from '../../ir/types.js';
import type { MethodRef } from './tree.js';

/** Why each stream method kind is not a tool: neither fits a JSON tool result. */
const STREAM_REASONS: Readonly<Record<string, string>> = {
  DOWNLOAD: 'streams a file or a protocol upgrade (apidoc method kind DOWNLOAD), not a JSON answer a tool can return',
  UPLOAD:
    'takes a streamed file or protocol upgrade from the client (apidoc method kind UPLOAD), which a tool argument cannot carry',
};

/**
 * proxmox-schema marks streaming endpoints by a `method` of DOWNLOAD or UPLOAD under
 * their HTTP verb. They are skipped with a reason, unless an overlay names one as
 * answering JSON (`serveStreams`, e.g. a task log read without `download=1`).
 */
export function splitStreams(options: { refs: readonly MethodRef[]; serve: ReadonlySet<string>; file: string }): {
  kept: MethodRef[];
  skipped: IrSkipped[];
} {
  const kept: MethodRef[] = [];
  const skipped: IrSkipped[] = [];
  for (const ref of options.refs) {
    const key = `${ref.verb} ${ref.node.path}`;
    const reason = STREAM_REASONS[String(ref.method.method)];
    if (reason && !options.serve.has(key))
      skipped.push({ key, reason, source: { file: options.file, pointer: ref.pointer } });
    else kept.push(ref);
  }
  return { kept, skipped };
}
