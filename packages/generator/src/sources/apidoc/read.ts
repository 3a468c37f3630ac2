import { readFile } from 'node:fs/promises';
import { InputError } from '../../ir/errors.js';
import type { IrApi } from '../../ir/types.js';
import { extractApiSchema } from './extract.js';
import { toOperation } from './operations.js';
import { type ApidocNode, listMethods } from './tree.js';

/**
 * The Proxmox apidoc source adapter: the `.js` file as published (array cut out,
 * never executed) or the plain `.json`, walked into IR operations.
 */
export async function readApidoc(options: { file: string; title: string; version: string }): Promise<IrApi> {
  const { file } = options;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read: ${(error as Error).message}`);
  }
  const roots = extractApiSchema({ text, file });
  roots.forEach((root, index) => checkNode({ node: root, file, pointer: `/${index}` }));
  const operations = listMethods(roots as ApidocNode[]).map((ref) => toOperation({ ref, file }));
  return { title: options.title, operations, skipped: [] };
}

function checkNode(options: { node: unknown; file: string; pointer: string }): void {
  const node = options.node as Partial<ApidocNode> | null;
  if (!node || typeof node !== 'object' || typeof node.path !== 'string' || !node.path.startsWith('/')) {
    throw new InputError(`${options.file}#${options.pointer}`, 'expected an apidoc node with a "path" starting with "/"');
  }
  if (node.children !== undefined && !Array.isArray(node.children)) {
    throw new InputError(`${options.file}#${options.pointer}/children`, 'expected an array of child nodes');
  }
  node.children?.forEach((child, index) => checkNode({ node: child, file: options.file, pointer: `${options.pointer}/children/${index}` }));
}
