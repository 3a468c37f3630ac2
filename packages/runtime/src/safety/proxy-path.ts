/**
 * Checks the `path` argument of a proxy tool. The path is appended to a fixed
 * upstream prefix, so anything that could climb out of that prefix or smuggle a
 * query is refused rather than normalised.
 */
export function proxyPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'path must start with "/"';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'path must not contain control characters';
  if (path.includes('?') || path.includes('#')) return 'path must not contain "?" or "#"; pass query parameters in query_params';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) return 'path must be relative to the proxy prefix, not an absolute URL';
  if (/%2f|%5c/i.test(path) || path.includes('\\')) return 'path must not contain encoded slashes or backslashes';
  const segments = path.split('/').map(decodeSegment);
  if (segments.some((segment) => segment === undefined)) return 'path contains an invalid percent-encoding';
  if (segments.some((segment) => segment === '..' || segment === '.')) return 'path must not contain "." or ".." segments';
  return undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    // Decoded twice so that %252e%252e (double-encoded "..") is caught too.
    return decodeURIComponent(decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** Headers a caller may never set through a proxy tool: they carry or steer credentials. */
const BLOCKED_HEADERS = new Set(['authorization', 'cookie', 'host', 'x-api-key', 'proxy-authorization', 'content-length']);

export function blockedHeader(options: { name: string; credentialHeader: string }): boolean {
  const lower = options.name.toLowerCase();
  return BLOCKED_HEADERS.has(lower) || lower === options.credentialHeader.toLowerCase();
}
