import { operationKey } from '../../ir/types.js';
import type { HttpMethod } from '../../ir/types.js';

/** The loosely typed OpenAPI document as parsed, before validation. */
export type RawDocument = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;

export interface RawOperationRef {
  readonly path: string;
  readonly method: (typeof OPENAPI_METHODS)[number];
  readonly operation: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every operation of the document in path order, then method order. */
export function listOperations(doc: RawDocument): RawOperationRef[] {
  const found: RawOperationRef[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of OPENAPI_METHODS) {
      const operation = (item as Record<string, unknown>)?.[method];
      if (operation && typeof operation === 'object')
        found.push({ path, method, operation: operation as RawOperationRef['operation'] });
    }
  }
  return found;
}

export function upperMethod(method: RawOperationRef['method']): HttpMethod {
  return method.toUpperCase() as HttpMethod;
}

/** True when `entry` names this operation by operationId or by `METHOD /path`. */
export function namesOperation(options: { entry: string; ref: RawOperationRef }): boolean {
  const { entry, ref } = options;
  return (
    ref.operation.operationId === entry || operationKey({ method: upperMethod(ref.method), path: ref.path }) === entry
  );
}
