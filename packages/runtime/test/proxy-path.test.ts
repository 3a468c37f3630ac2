import { describe, expect, it } from 'vitest';
import { proxyHeaderProblem, proxyPathProblem } from '../src/safety/proxy-path.js';

const START = 'path must start with a single "/" (relative to the prefix, not an absolute URL)';
const EMPTY = 'path must not contain empty segments ("//" or a trailing "/")';

describe('proxyPathProblem', () => {
  it.each([
    '/',
    '/containers/json',
    '/containers/3f2a1b/json',
    '/v1.43/info',
    '/images/nginx%3Alatest/json',
    '/images/my%20image/json',
    '/api/v1/namespaces/default/pods',
    '/containers/a.b/json',
    '/volumes/..hidden',
    '/volumes/name..',
  ])('accepts %s', (path) => {
    expect(proxyPathProblem(path)).toBeUndefined();
  });

  it.each([
    ['', START],
    ['containers/json', START],
    ['../containers/json', START],
    ['//evil.example.com/containers', START],
    ['///containers', START],
    ['/containers/\u0000/json', 'path must not contain control characters'],
    ['/containers\n/json', 'path must not contain control characters'],
    ['/containers\r\nX-Injected: 1', 'path must not contain control characters'],
    ['/containers/\u007f', 'path must not contain control characters'],
    ['/containers/json?all=1', 'path must not contain "?" or "#"; pass query parameters separately'],
    ['/containers/json#x', 'path must not contain "?" or "#"; pass query parameters separately'],
    ['/a%252fb', 'path must not contain encoded slashes or backslashes'],
    ['/a%255Cb', 'path must not contain encoded slashes or backslashes'],
    ['/a%2Fb', 'path must not contain encoded slashes or backslashes'],
    ['/a%2fb', 'path must not contain encoded slashes or backslashes'],
    ['/a%5Cb', 'path must not contain encoded slashes or backslashes'],
    ['/a\\b', 'path must not contain encoded slashes or backslashes'],
    ['/containers/%zz', 'path contains an invalid percent-encoding'],
    ['/containers/%E0%A4%A', 'path contains an invalid percent-encoding'],
    ['/..', 'path must not contain "." or ".." segments'],
    ['/containers/../../users', 'path must not contain "." or ".." segments'],
    ['/./containers', 'path must not contain "." or ".." segments'],
    ['/containers/.', 'path must not contain "." or ".." segments'],
    ['/%2e%2e/users', 'path must not contain "." or ".." segments'],
    ['/%2E%2E/users', 'path must not contain "." or ".." segments'],
    ['/.%2e/users', 'path must not contain "." or ".." segments'],
    ['/%2e/users', 'path must not contain "." or ".." segments'],
    ['/%252e%252e/users', 'path must not contain "." or ".." segments'],
    ['/%', 'path contains an invalid percent-encoding'],
    ['/containers/%25zz', 'path contains an invalid percent-encoding'],
    // Empty segments: some routers skip them, which would let a path dodge the safety lookup (refused since 73229ee).
    ['/containers/json/', EMPTY],
    ['/containers//json', EMPTY],
    ['/nodes/pve1/qemu/100/status//stop', EMPTY],
  ])('refuses %j: %s', (path, problem) => {
    expect(proxyPathProblem(path)).toBe(problem);
  });

  it('checks the leading slash before anything else', () => {
    expect(proxyPathProblem('http://evil.example.com/')).toBe(START);
    expect(proxyPathProblem('//evil.example.com/?x=1\n')).toBe(START);
  });

  it('checks control characters before "?" and encodings', () => {
    expect(proxyPathProblem('/a?\u0000%zz')).toBe('path must not contain control characters');
    expect(proxyPathProblem('/a?%zz')).toBe('path must not contain "?" or "#"; pass query parameters separately');
  });

  // Formerly a gap: a double-encoded slash ("%252f") decoded twice turns "x%252f..%252f..%252fusers" into the
  // single segment "x/../../users". The path is now decoded once more before the encoded-slash check.
  it('refuses double-encoded slashes as it refuses double-encoded dots', () => {
    expect(proxyPathProblem('/containers/x%252f..%252f..%252fusers')).toBe(
      'path must not contain encoded slashes or backslashes',
    );
  });
});

describe('proxyHeaderProblem', () => {
  const problem = (name: string, options: { extra?: string[]; credentialHeaders?: string[]; value?: unknown } = {}) =>
    proxyHeaderProblem({
      name,
      value: options.value ?? 'x',
      extra: options.extra ?? [],
      credentialHeaders: options.credentialHeaders ?? [],
    });

  it.each([
    'Authorization',
    'Cookie',
    'Host',
    'X-API-Key',
    'Proxy-Authorization',
    'Content-Length',
    'CSRFPreventionToken',
    'Connection',
    'Upgrade',
    'Sec-WebSocket-Key',
    'Sec-WebSocket-Version',
    'Transfer-Encoding',
    'Expect',
    'X-HTTP-Method-Override',
    'X-Forwarded-For',
    'TE',
    'Keep-Alive',
  ])('refuses %s: only listed headers pass', (name) => {
    expect(problem(name)).toBe(
      `header '${name}' may not be set through a proxy tool (allowed: accept, content-type, if-match, if-none-match)`,
    );
  });

  it('lets content negotiation through in any case, and the extra headers of one proxy', () => {
    expect(problem('Accept')).toBeUndefined();
    expect(problem('content-type')).toBeUndefined();
    expect(problem('If-None-Match')).toBeUndefined();
    expect(problem('X-Registry-Auth', { extra: ['x-registry-auth'] })).toBeUndefined();
    expect(problem('X-Registry-Auth')).toMatch(/may not be set/);
  });

  it('never lets a credential header through, even when a proxy lists it', () => {
    expect(problem('X-API-Key', { extra: ['x-api-key'], credentialHeaders: ['x-api-key'] })).toMatch(/may not be set/);
  });

  it('refuses values with control characters (a CRLF would start another header)', () => {
    expect(problem('Accept', { value: 'application/json\r\nConnection: upgrade' })).toBe(
      "header 'Accept' must be text without control characters",
    );
  });
});
