import { readFile } from 'node:fs/promises';
import { InputError } from '../../ir/errors.js';
import type { IrApi } from '../../ir/types.js';
import type { OverlaySource } from '../../overlays/types.js';
import { checkMethods } from './check.js';
import { type ApidocDialect, PROXMOX_VE_DIALECT } from './dialect.js';
import { extractApiSchema } from './extract.js';
import { toOperation } from './operations.js';
import { applyApidocOverlays } from './overlay.js';
import { splitStreams } from './streams.js';
import { type ApidocNode, listMethods } from './tree.js';

/**
 * The Proxmox apidoc source adapter: the `.js` file as published (array cut out,
 * never executed) or the plain `.json`, with the target's overlays applied, walked
 * into IR operations. Stream methods (DOWNLOAD/UPLOAD) are skipped with a reason.
 */
export async function readApidoc(options: {
  file: string;
  title: string;
  version: string;
  dialect?: ApidocDialect;
  overlays?: OverlaySource;
}): Promise<IrApi> {
  const { file } = options;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read: ${(error as Error).message}`);
  }
  const roots = extractApiSchema({ text, file });
  roots.forEach((root, index) => checkNode({ node: root, file, pointer: `/${index}` }));
  const overlays = options.overlays ?? { file, overlays: [] };
  const refs = listMethods(roots as ApidocNode[]);
  checkMethods({ refs, file });
  const {
    kept: overlaid,
    dropped,
    safety,
    servedStreams,
  } = applyApidocOverlays({ roots, refs, source: overlays, specFile: file });
  const { kept, skipped } = splitStreams({ refs: overlaid, serve: servedStreams, file });
  const dialect = options.dialect ?? PROXMOX_VE_DIALECT;
  const operations = kept
    .map((ref) => toOperation({ ref, file, dialect }))
    .map((operation) => ({ ...operation, safety: safety.get(operation.key) ?? operation.safety }));
  return { title: options.title, operations, skipped: [...dropped, ...skipped] };
}

/** Deeper than any real API tree (Proxmox's is under 10): a deeper one is refused before recursion could overflow. */
const MAX_DEPTH = 64;

function checkNode(options: { node: unknown; file: string; pointer: string; depth?: number }): void {
  const depth = options.depth ?? 0;
  if (depth > MAX_DEPTH)
    throw new InputError(`${options.file}#${options.pointer}`, `apidoc tree nested deeper than ${MAX_DEPTH} levels`);
  const node = options.node as Partial<ApidocNode> | null;
  if (!node || typeof node !== 'object' || typeof node.path !== 'string' || !node.path.startsWith('/')) {
    throw new InputError(
      `${options.file}#${options.pointer}`,
      'expected an apidoc node with a "path" starting with "/"',
    );
  }
  if (node.children !== undefined && !Array.isArray(node.children)) {
    throw new InputError(`${options.file}#${options.pointer}/children`, 'expected an array of child nodes');
  }
  node.children?.forEach((child, index) =>
    checkNode({ node: child, file: options.file, pointer: `${options.pointer}/children/${index}`, depth: depth + 1 }),
  );
}
