import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isSeq, parse, parseDocument } from 'yaml';
import { InputError } from '../ir/errors.js';

/**
 * Appends one entry to the block list `versions` by inserting its lines after
 * the last entry: every other byte of the target file (comments, folding,
 * quoting, spacing) stays as the maintainer wrote it, so the review diff is
 * the new entry only. The yaml Document API finds where the list ends and
 * renders the entry; the result is parsed back and must equal the old
 * document plus the entry.
 */
export function appendVersionEntry(options: { text: string; entry: Record<string, unknown>; file: string }): string {
  const { text, entry } = options;
  const document = parseDocument(text);
  const versions = document.get('versions', true);
  if (!isSeq(versions) || versions.flow || versions.items.length === 0)
    throw new InputError(`${options.file}#/versions`, 'expected a non-empty block list of versions');
  const last = versions.items.at(-1);
  if (!isMap(last) || !last.range)
    throw new InputError(`${options.file}#/versions`, 'expected each version to be a mapping');
  const itemStart = lineStart(text, last.range[0]);
  const dash = text.slice(itemStart).search(/-/);
  const indent = ' '.repeat(Math.max(dash, 0));
  const insertAt = lineEnd(text, last.range[1]);
  const rendered = renderEntry({ entry, indent });
  const updated = `${text.slice(0, insertAt)}${text.length > 0 && insertAt === text.length && !text.endsWith('\n') ? '\n' : ''}${rendered}${text.slice(insertAt)}`;
  const before = parse(text) as { versions: unknown[] };
  if (!isDeepStrictEqual(parse(updated), { ...before, versions: [...before.versions, entry] })) {
    throw new Error(`appending to ${options.file} did not give the expected document (layout not understood)`);
  }
  return updated;
}

function renderEntry(options: { entry: Record<string, unknown>; indent: string }): string {
  const body = new Document(options.entry).toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true });
  const lines = body.trimEnd().split('\n');
  return lines.map((line, index) => `${options.indent}${index === 0 ? '- ' : '  '}${line}\n`).join('');
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line that holds `offset - 1` (the entry's last value). */
function lineEnd(text: string, offset: number): number {
  const back = Math.max(offset - 1, 0);
  const newline = text.indexOf('\n', back);
  return newline === -1 ? text.length : newline + 1;
}
