import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';
import { InputError } from '../ir/errors.js';

/**
 * Sets scalar fields of one `versions[]` entry in the target file's text: an
 * existing value is replaced where it stands, a new key becomes a line after
 * the entry's last one. Nothing else changes; the result is parsed back and
 * must equal the old document with just these fields set.
 */
export function setEntryFields(options: {
  text: string;
  index: number;
  fields: Record<string, string | number>;
  file: string;
}): string {
  let text = options.text;
  for (const [key, value] of Object.entries(options.fields))
    text = setField({ text, index: options.index, key, value, file: options.file });
  const expected = parse(options.text) as { versions: Record<string, unknown>[] };
  expected.versions[options.index] = { ...expected.versions[options.index], ...options.fields };
  if (!isDeepStrictEqual(parse(text), expected))
    throw new Error(
      `updating ${options.file}#/versions/${options.index} did not give the expected document (layout not understood)`,
    );
  return text;
}

function setField(options: { text: string; index: number; key: string; value: string | number; file: string }): string {
  const { text, key } = options;
  const document = parseDocument(text);
  const versions = document.get('versions', true);
  const entry = isSeq(versions) ? versions.items[options.index] : undefined;
  if (!isMap(entry) || !entry.range || entry.flow)
    throw new InputError(`${options.file}#/versions/${options.index}`, 'expected a block mapping');
  const rendered = renderScalar(options.value);
  const node = entry.get(key, true);
  if (isScalar(node) && node.range) return `${text.slice(0, node.range[0])}${rendered}${text.slice(node.range[1])}`;
  const keyNode = entry.items[0]?.key;
  if (!isScalar(keyNode) || !keyNode.range)
    throw new InputError(`${options.file}#/versions/${options.index}`, 'expected a block mapping');
  const lineStart = text.lastIndexOf('\n', keyNode.range[0] - 1) + 1;
  const dash = text.slice(lineStart, keyNode.range[0]);
  const indent = ' '.repeat(dash.length);
  const end = text.indexOf('\n', Math.max(entry.range[1] - 1, 0));
  const insertAt = end === -1 ? text.length : end + 1;
  return `${text.slice(0, insertAt)}${indent}${key}: ${rendered}\n${text.slice(insertAt)}`;
}

function renderScalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  // Plain when the text reads back as the same string, else single-quoted.
  return (parse(`x: ${value}`) as { x?: unknown } | null)?.x === value ? value : `'${value.replace(/'/g, "''")}'`;
}
