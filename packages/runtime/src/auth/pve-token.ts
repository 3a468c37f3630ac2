import type { UpstreamAuth } from './types.js';

/** Proxmox API token: stateless, no CSRF token needed. */
export function pveTokenAuth(options: { tokenId: string; secret: string }): UpstreamAuth {
  const value = `PVEAPIToken=${options.tokenId}=${options.secret}`;
  return {
    headers: async () => ({ authorization: value }),
    credentialHeaders: ['authorization', 'cookie', 'csrfpreventiontoken'],
  };
}
