import SwaggerParser from '@apidevtools/swagger-parser';
import converter from 'swagger2openapi';
import { InputError } from '../../ir/errors.js';
import type { RawDocument } from './document.js';
import { toInputError } from './errors.js';

/**
 * Swagger 2.0 documents (Docker's Engine API, many older APIs) are converted to
 * OpenAPI 3.0 with swagger2openapi, the converter of the OpenAPI tooling
 * ecosystem (Mermade; used by ReDoc and others), instead of a hand-written
 * translation: it maps `basePath` to `servers`, `consumes`/`produces` to
 * `content` media types, `in: body` and `in: formData` to `requestBody`,
 * `collectionFormat` to `style`/`explode`, and `x-nullable` to `nullable`.
 *
 * The 2.0 document is validated first, so that a broken one is reported with a
 * pointer into the file the maintainer has; overlays then apply to the converted
 * OpenAPI 3.0 form (`/definitions/X` is `/components/schemas/X` there).
 */
export function isSwagger2(doc: RawDocument): boolean {
  return doc.swagger === '2.0';
}

export async function convertSwagger2(options: { doc: RawDocument; file: string }): Promise<RawDocument> {
  const { doc, file } = options;
  try {
    await SwaggerParser.validate(structuredClone(doc) as never);
  } catch (error) {
    throw toInputError({ error, file });
  }
  try {
    const converted = await converter.convertObj(structuredClone(doc), { patch: true, warnOnly: true, resolve: false });
    return converted.openapi as RawDocument;
  } catch (error) {
    throw new InputError(
      file,
      `cannot convert Swagger 2.0 to OpenAPI 3.0: ${String((error as Error).message ?? error).split('\n')[0]}`,
    );
  }
}

/** The path of the first server URL (`/v1.55` from Docker's `basePath`), or '' when there is none. */
export function statedBasePath(doc: RawDocument): string {
  const url = doc.servers?.[0]?.url;
  if (typeof url !== 'string') return '';
  return new URL(url, 'http://base.invalid').pathname.replace(/\/$/, '');
}
