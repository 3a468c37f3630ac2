import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../ir/errors.js';
import type { IrApi, IrOperation, SafetyClass } from '../../ir/types.js';
import type { OverlaySource } from '../../overlays/types.js';
import type { RawDocument } from './document.js';
import { toInputError } from './errors.js';
import { applyOpenApiOverlays } from './overlay.js';
import { readOperations } from './operations.js';
import { convertSwagger2, isSwagger2, statedBasePath } from './swagger2.js';

/**
 * The OpenAPI source adapter: parse (a Swagger 2.0 document is converted to
 * OpenAPI 3.0 first), apply the target's overlays, validate, dereference (cycles
 * stay as object cycles; the schema normaliser cuts them), then normalise into the IR.
 */
export async function readOpenApi(options: { file: string; overlays: OverlaySource }): Promise<IrApi> {
  const { file, overlays } = options;
  const parsed = await parseDocument(file);
  const doc = isSwagger2(parsed) ? await convertSwagger2({ doc: parsed, file }) : parsed;
  requireOpenApi3({ doc, file });
  const skipped = applyOpenApiOverlays({ doc, source: overlays, specFile: file });
  const resolved = await validateDocument({ doc, file });
  const operations = applySafetyOverrides({ operations: readOperations({ doc: resolved, file }), overlays });
  return {
    title: String(resolved.info?.title ?? ''),
    statedBasePath: statedBasePath(resolved),
    operations,
    skipped,
  };
}

async function parseDocument(file: string): Promise<RawDocument> {
  await refuseAliasBombs(file);
  try {
    return (await SwaggerParser.parse(file)) as RawDocument;
  } catch (error) {
    throw toInputError({ error, file });
  }
}

function requireOpenApi3(options: { doc: RawDocument; file: string }): void {
  const version = options.doc.openapi;
  if (typeof version !== 'string' || !version.startsWith('3.')) {
    throw new InputError(
      `${options.file}#/openapi`,
      `expected an OpenAPI 3.x or Swagger 2.0 document, found ${JSON.stringify(version ?? options.doc.swagger ?? null)}`,
    );
  }
}

async function validateDocument(options: { doc: RawDocument; file: string }): Promise<RawDocument> {
  try {
    // validate() dereferences in place; work on a copy so the parsed document stays as it was.
    return (await SwaggerParser.validate(structuredClone(options.doc) as never)) as RawDocument;
  } catch (error) {
    throw toInputError({ error, file: options.file });
  }
}

function applySafetyOverrides(options: { operations: IrOperation[]; overlays: OverlaySource }): IrOperation[] {
  const overrides = new Map<string, { overlay: string; safety: SafetyClass }>();
  for (const overlay of options.overlays.overlays) {
    for (const [entry, safety] of Object.entries(overlay.setSafety ?? {}))
      overrides.set(entry, { overlay: overlay.name, safety });
  }
  const used = new Set<string>();
  const operations = options.operations.map((operation) => {
    const entry = [operation.operationId, operation.key].find(
      (candidate) => candidate !== undefined && overrides.has(candidate),
    );
    if (entry === undefined) return operation;
    used.add(entry);
    return { ...operation, safety: overrides.get(entry)!.safety };
  });
  const unused = [...overrides.keys()].find((entry) => !used.has(entry));
  if (unused !== undefined) {
    throw new InputError(
      options.overlays.file,
      `overlay '${overrides.get(unused)!.overlay}': setSafety entry '${unused}' matches nothing`,
    );
  }
  return operations;
}

/**
 * A YAML document whose aliases expand exponentially (a 680-byte "billion laughs") would stall
 * the parser the OpenAPI tooling uses, which has no limit. Read once with the `yaml` package's
 * alias-expansion limit first: such a document is refused in milliseconds. JSON has no aliases.
 */
async function refuseAliasBombs(file: string): Promise<void> {
  if (/^https?:/i.test(file)) return;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined || !/(^|[\s[{,:-])[&*][^\s\]},]/m.test(text)) return;
  try {
    parseYaml(text, { maxAliasCount: 1000, prettyErrors: false });
  } catch (error) {
    if (/alias/i.test((error as Error).message))
      throw new InputError(
        file,
        `YAML aliases expand beyond the limit of 1000 nodes (a resource-exhaustion document): ${(error as Error).message.split('\n')[0]}`,
      );
  }
}
