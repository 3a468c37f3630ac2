import type { HttpMethod } from '../catalog/types.js';

export interface UpstreamRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** True when the body was longer than the read limit and was cut. */
  readonly truncated: boolean;
  /** The `Location` header of a redirect (3xx), which is never followed. */
  readonly location?: string;
}

/** The request never got an HTTP answer: timeout, refused, reset, TLS failure. */
export class UpstreamUnreachableError extends Error {
  constructor(
    message: string,
    /** False when no connection was made (refused, unknown host, TLS): the request cannot have taken effect. */
    readonly connected = true,
  ) {
    super(message);
    this.name = 'UpstreamUnreachableError';
  }
}
