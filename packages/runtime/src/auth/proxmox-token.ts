import type { ProxmoxTokenFormat } from '../catalog/target.js';
import type { UpstreamAuth } from './types.js';

/** Proxmox API token, in the product's format (`PVEAPIToken=ID=SECRET`, `PBSAPIToken=ID:SECRET`): stateless, no CSRF token needed. */
export function proxmoxTokenAuth(options: {
  tokenId: string;
  secret: string;
  format: ProxmoxTokenFormat;
  credentialHeaders: readonly string[];
}): UpstreamAuth {
  const { format } = options;
  const value = `${format.prefix}${options.tokenId}${format.separator}${options.secret}`;
  return {
    headers: async () => ({ [format.header.toLowerCase()]: value }),
    credentialHeaders: options.credentialHeaders,
  };
}

/** Every header a Proxmox credential travels in: token header, cookie, CSRF header. A caller may never set them. */
export function proxmoxCredentialHeaders(options: { token: ProxmoxTokenFormat; csrfHeader: string }): string[] {
  return [...new Set([options.token.header.toLowerCase(), 'cookie', options.csrfHeader.toLowerCase()])];
}

/**
 * `USER@REALM!TOKENID`: the id may not hold whitespace or the separator, so that
 * `<id><separator><secret>` splits one way only.
 */
export function proxmoxTokenIdPattern(separator: string): RegExp {
  const excluded = separator.replace(/[\\\]^-]/g, '\\$&');
  return new RegExp(`^[^@\\s]+@[^!\\s]+![^\\s${excluded}]+$`);
}
