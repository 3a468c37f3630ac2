import { InputError } from '../ir/errors.js';

/** A spec is a few MB; anything far larger is not one. */
const MAX_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

const CAUSES: Record<string, string> = {
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'host name lookup failed for now (DNS unavailable)',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed early',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed (a proxy intercepting TLS?)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not name this host',
};

/**
 * Downloads one file into memory (nothing is written here: the caller checks
 * the sha256 first). Every failure is one line naming the URL and the cause,
 * never Node's bare "fetch failed".
 */
export async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new InputError(url, `cannot download: ${describeFailure(error)}`);
  }
  if (!response.ok)
    throw new InputError(
      url,
      `cannot download: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    );
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES)
    throw new InputError(url, `cannot download: ${declared} bytes is over the ${MAX_BYTES}-byte limit for a spec`);
  try {
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_BYTES)
      throw new InputError(url, `cannot download: over the ${MAX_BYTES}-byte limit for a spec`);
    return bytes;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(url, `download interrupted: ${describeFailure(error)}`);
  }
}

/** The innermost cause of a fetch failure, in words, with its code. */
export function describeFailure(error: unknown): string {
  const chain: Error[] = [];
  for (
    let current = error;
    current instanceof Error && chain.length < 5;
    current = (current as Error & { cause?: unknown }).cause
  )
    chain.push(current);
  if (chain.some((item) => item.name === 'TimeoutError')) return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (chain.length > 0 && chain[0]!.message === 'Invalid URL') return 'not a valid URL';
  const coded = chain.find((item) => typeof (item as { code?: unknown }).code === 'string') as
    (Error & { code: string }) | undefined;
  if (coded) return `${CAUSES[coded.code] ?? coded.message} (${coded.code})`;
  const innermost = chain.at(-1);
  return innermost ? innermost.message : String(error);
}
