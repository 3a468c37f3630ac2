import { operationKey } from '../ir/types.js';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { IrOperation } from '../ir/types.js';
import { listOperations, type RawDocument, upperMethod } from '../sources/openapi/document.js';
import { toInputError } from '../sources/openapi/errors.js';

/**
 * Tools are built from the newest recorded description of a nested API, but the daemons
 * behind it are often older (Docker Engine 27 speaks API 1.47). Each tool says what an
 * older recorded version lacks, so that a model knows why such a daemon answers 404 or
 * ignores a parameter. Only operation keys and query parameter names are compared.
 */
export type KnownOperations = ReadonlyMap<string, ReadonlySet<string>>;

export async function knownOperations(file: string): Promise<KnownOperations> {
  let doc: RawDocument;
  try {
    doc = (await SwaggerParser.parse(file)) as RawDocument;
  } catch (error) {
    throw toInputError({ error, file });
  }
  const known = new Map<string, Set<string>>();
  for (const ref of listOperations(doc)) {
    const parameters = [...(doc.paths[ref.path]?.parameters ?? []), ...(ref.operation.parameters ?? [])] as {
      in?: string;
      name?: string;
    }[];
    known.set(
      operationKey({ method: upperMethod(ref.method), path: ref.path }),
      new Set(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => String(parameter.name))),
    );
  }
  return known;
}

/** One short sentence per older version that lacks the operation or some of its query parameters. */
export function compatibilityNotes(options: {
  operation: IrOperation;
  older: readonly { version: string; operations: KnownOperations }[];
}): string | undefined {
  const { operation } = options;
  const notes = options.older.map(({ version, operations }) => {
    const known = operations.get(operation.key);
    if (!known) return `Not in API ${version} (servers that old answer 404).`;
    const added = operation.parameters
      .filter((parameter) => parameter.location === 'query' && !known.has(parameter.name))
      .map((parameter) => parameter.name);
    return added.length > 0 ? `API ${version} ignores: ${added.join(', ')}.` : undefined;
  });
  const text = notes.filter((note): note is string => note !== undefined).join(' ');
  return text || undefined;
}
