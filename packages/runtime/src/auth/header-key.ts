import type { UpstreamAuth } from './types.js';

/** A static key in one header (Portainer `X-API-Key`). */
export function headerKeyAuth(options: { header: string; value: string }): UpstreamAuth {
  const name = options.header.toLowerCase();
  return {
    headers: async () => ({ [name]: options.value }),
    credentialHeaders: [name],
  };
}
