/**
 * Headers that describe one connection (RFC 9110 section 7.6.1, and the proxy pair): a proxy in a test
 * must not copy them to the next hop. One list for every test proxy (recorder, round-robin balancer,
 * the conformance front).
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'proxy-authorization',
  'proxy-authenticate',
]);
