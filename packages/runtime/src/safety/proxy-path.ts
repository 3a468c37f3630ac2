/**
 * Checks the `path` argument of a proxy or raw API tool. The path is appended to
 * a fixed upstream prefix, so anything that could climb out of that prefix or
 * smuggle a query is refused rather than normalised.
 */
export function proxyPathProblem(path: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//')) return 'path must start with a single "/" (relative to the prefix, not an absolute URL)';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'path must not contain control characters';
  if (path.includes('?') || path.includes('#')) return 'path must not contain "?" or "#"; pass query parameters separately';
  const once = decodeOnce(path);
  if (once === undefined) return 'path contains an invalid percent-encoding';
  if (/%2f|%5c/i.test(path) || /%2f|%5c/i.test(once) || path.includes('\\') || once.includes('\\')) {
    return 'path must not contain encoded slashes or backslashes';
  }
  // Empty segments (`//`, a trailing `/`) are skipped by some routers, which would let a path dodge the safety lookup.
  if (path.length > 1 && path.slice(1).split('/').some((segment) => segment === '')) return 'path must not contain empty segments ("//" or a trailing "/")';
  const segments = path.split('/').map(decodeSegment);
  if (segments.some((segment) => segment === undefined)) return 'path contains an invalid percent-encoding';
  if (segments.some((segment) => segment === '..' || segment === '.')) return 'path must not contain "." or ".." segments';
  return undefined;
}

function decodeOnce(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function decodeSegment(segment: string): string | undefined {
  // Decoded twice so that %252e%252e (double-encoded "..") is caught too.
  const once = decodeOnce(segment);
  return once === undefined ? undefined : decodeOnce(once);
}

/** Headers a caller may never set through a proxy tool: they carry or steer credentials. */
const BLOCKED_HEADERS = new Set(['authorization', 'cookie', 'host', 'x-api-key', 'proxy-authorization', 'content-length', 'csrfpreventiontoken']);

export function blockedHeader(options: { name: string; credentialHeaders: readonly string[] }): boolean {
  const lower = options.name.toLowerCase();
  return BLOCKED_HEADERS.has(lower) || options.credentialHeaders.includes(lower);
}
