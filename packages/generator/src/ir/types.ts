import type { CallBehaviour, HttpMethod, JsonSchema, SafetyClass } from '@mcpgen/runtime';

/**
 * The intermediate representation every source adapter produces and every later
 * stage reads. It holds facts about the upstream API, never rendered text: tool
 * names, input schemas and descriptions for a model are made from it later.
 */

export type { HttpMethod, JsonSchema, SafetyClass };

/**
 * Where an upstream input travels. `body` is one top-level field of a JSON request
 * body, for dialects (Proxmox apidoc) that describe body fields as parameters.
 */
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie' | 'body';

/** Where a problem or an operation came from: file plus JSON pointer. */
export interface SourceRef {
  readonly file: string;
  /** RFC 6901 pointer into the source document, e.g. `/paths/~1endpoints/get`. */
  readonly pointer: string;
}

export interface IrParameter {
  readonly name: string;
  readonly location: ParameterLocation;
  readonly required: boolean;
  readonly description?: string;
  /** A self-contained JSON Schema (no `$ref`); cycles already cut. */
  readonly schema: JsonSchema;
  /**
   * Serialisation of arrays/objects in the query: `repeat` (OpenAPI form+explode,
   * the default), `csv` (explode false), `json` (declared with `content: application/json`).
   */
  readonly serialization?: 'repeat' | 'csv' | 'json';
  /**
   * A family of numbered inputs declared once as `name[n]` (Proxmox `net[n]`):
   * sent as `name0`, `name1`, ... The parameter's `name` keeps the `[n]` suffix.
   */
  readonly indexed?: boolean;
  /** The upstream expects this value URL-encoded inside the request (Proxmox `sshkeys`). */
  readonly valueEncoding?: 'uri';
}

export interface IrRequestBody {
  /** The media type chosen among those offered (JSON first, then multipart, then form, then any). */
  readonly mediaType: string;
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface IrOperation {
  /** Stable identity across versions and stages: `METHOD /path`. */
  readonly key: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The upstream's own name for the operation, when it has one (OpenAPI operationId). */
  readonly operationId?: string;
  readonly tags: readonly string[];
  readonly summary?: string;
  readonly description?: string;
  readonly parameters: readonly IrParameter[];
  readonly requestBody?: IrRequestBody;
  /** Schema of the success response, when declared. */
  readonly responseSchema?: JsonSchema;
  /** Media types the success response may have, as declared (`produces` in Swagger 2.0). */
  readonly responseMediaTypes?: readonly string[];
  readonly deprecated: boolean;
  readonly safety: SafetyClass;
  /** The operation starts an upstream task and answers with its id (Proxmox UPID). */
  readonly task?: 'upid';
  /**
   * The path addresses a collection (it has `{param}` children). Used by naming
   * rules that derive names from verb and path (`list_qemu` vs `get_qemu`).
   */
  readonly isCollection?: boolean;
  /** Tool names of this operation start with this (a nested upstream's `docker_`). */
  readonly namePrefix?: string;
  /** What the runtime does with the call beyond sending it (streams, fixed and default query values). */
  readonly call?: CallBehaviour;
  /** Privileges the upstream checks, when the source states them. */
  readonly permission?: { readonly privileges: readonly string[]; readonly on?: string };
  readonly source: SourceRef;
}

export type { CallBehaviour };

/** An upstream operation that does not become a tool, and why. */
export interface IrSkipped {
  readonly key: string;
  readonly reason: string;
  readonly source: SourceRef;
}

export interface IrApi {
  readonly title: string;
  /** The base path the document states (OpenAPI `servers[0]`, Swagger 2.0 `basePath`), when it states one. */
  readonly statedBasePath?: string;
  readonly operations: readonly IrOperation[];
  readonly skipped: readonly IrSkipped[];
  /** Operations that say delete/remove/... yet are not destructive, with the target file's reason. */
  readonly notDestructive?: readonly IrSkipped[];
}

/** The one way to write an operation's identity: `METHOD /path`. */
export function operationKey(options: { method: HttpMethod; path: string }): string {
  return `${options.method} ${options.path}`;
}
