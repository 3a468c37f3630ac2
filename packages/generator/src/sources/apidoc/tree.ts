import { pointer } from '../../ir/errors.js';
import type { HttpMethod } from '../../ir/types.js';

/** The apidoc shapes as published (loosely typed: the format has many variants). */
export interface ApidocNode {
  readonly path: string;
  readonly text?: string;
  readonly leaf?: number;
  readonly info?: Partial<Record<HttpMethod, ApidocMethod>>;
  readonly children?: readonly ApidocNode[];
}

export interface ApidocMethod {
  readonly method?: string;
  readonly name?: string;
  readonly description?: string;
  readonly parameters?: {
    readonly properties?: Readonly<Record<string, ParamSchema>>;
    readonly additionalProperties?: unknown;
  };
  readonly returns?: Record<string, unknown>;
  readonly permissions?: Record<string, unknown>;
  readonly protected?: number;
  readonly proxyto?: string | null;
  readonly allowtoken?: number;
  readonly download_allowed?: number;
}

export type ParamSchema = Readonly<Record<string, unknown>>;

export interface MethodRef {
  readonly node: ApidocNode;
  readonly verb: HttpMethod;
  readonly method: ApidocMethod;
  /** JSON pointer of the method object in the source file. */
  readonly pointer: string;
  /** True when the node has a child whose last segment is a `{param}`: a collection. */
  readonly isCollection: boolean;
}

const VERBS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** Every method of the tree, depth first, including below nodes that have no `info`. */
export function listMethods(roots: readonly ApidocNode[]): MethodRef[] {
  const found: MethodRef[] = [];
  const visit = (node: ApidocNode, tokens: readonly (string | number)[]) => {
    const isCollection = (node.children ?? []).some((child) => /\/\{[^}]+\}$/.test(child.path));
    for (const verb of VERBS) {
      const method = node.info?.[verb];
      if (method) found.push({ node, verb, method, pointer: pointer(...tokens, 'info', verb), isCollection });
    }
    (node.children ?? []).forEach((child, index) => visit(child, [...tokens, 'children', index]));
  };
  roots.forEach((root, index) => visit(root, [index]));
  return found;
}
