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
}

/** The request never got an HTTP answer: timeout, refused, reset, TLS failure. */
export class UpstreamUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamUnreachableError';
  }
}
