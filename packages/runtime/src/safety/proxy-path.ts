/**
 * Checks the `path` argument of a proxy or raw API tool. The path is appended to
 * a fixed upstream prefix, so anything that could climb out of that prefix or
 * smuggle a query is refused rather than normalised.
 */
export function proxyPathProblem(path: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//'))
    return 'path must start with a single "/" (relative to the prefix, not an absolute URL)';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'path must not contain control characters';
  if (path.includes('?') || path.includes('#'))
    return 'path must not contain "?" or "#"; pass query parameters separately';
  const once = decodeOnce(path);
  if (once === undefined) return 'path contains an invalid percent-encoding';
  if (/%2f|%5c/i.test(path) || /%2f|%5c/i.test(once) || path.includes('\\') || once.includes('\\')) {
    return 'path must not contain encoded slashes or backslashes';
  }
  // Empty segments (`//`, a trailing `/`) are skipped by some routers, which would let a path dodge the safety lookup.
  if (
    path.length > 1 &&
    path
      .slice(1)
      .split('/')
      .some((segment) => segment === '')
  )
    return 'path must not contain empty segments ("//" or a trailing "/")';
  const segments = path.split('/').map(decodeSegment);
  if (segments.some((segment) => segment === undefined)) return 'path contains an invalid percent-encoding';
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return 'path must not contain "." or ".." segments';
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

/**
 * Headers a caller may set through a proxy tool: content negotiation, plus the few
 * the target file names for one proxy (Docker's `X-Registry-Auth`). An allow-list,
 * not a block-list: hop-by-hop and protocol headers (`Connection`, `Upgrade`,
 * `Transfer-Encoding`, `Expect`), method overrides and forwarding headers would
 * otherwise turn a GET into a WebSocket exec or another method past the guards.
 */
export const CONTENT_HEADERS: readonly string[] = ['accept', 'content-type', 'if-match', 'if-none-match'];

export function proxyHeaderProblem(options: {
  name: string;
  value: unknown;
  extra: readonly string[];
  credentialHeaders: readonly string[];
}): string | undefined {
  const lower = options.name.toLowerCase();
  const allowed =
    !options.credentialHeaders.includes(lower) && (CONTENT_HEADERS.includes(lower) || options.extra.includes(lower));
  if (!allowed)
    return `header '${options.name}' may not be set through a proxy tool (allowed: ${[...CONTENT_HEADERS, ...options.extra].join(', ')})`;
  if (typeof options.value !== 'string' || /[\u0000-\u001f\u007f]/.test(options.value))
    return `header '${options.name}' must be text without control characters`;
  return undefined;
}
