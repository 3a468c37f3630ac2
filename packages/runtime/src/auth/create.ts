import type { ProxmoxAuth } from '../catalog/target.js';
import type { SendRequest } from '../http/send.js';
import { headerKeyAuth } from './header-key.js';
import { proxmoxTicketAuth } from './proxmox-ticket.js';
import { proxmoxCredentialHeaders, proxmoxTokenAuth } from './proxmox-token.js';
import type { AuthConfig, UpstreamAuth } from './types.js';

export function createUpstreamAuth(options: { config: AuthConfig; baseUrl: URL; send: SendRequest }): UpstreamAuth {
  const { config } = options;
  switch (config.kind) {
    case 'header-key':
      return headerKeyAuth({ header: config.header, value: config.value });
    case 'proxmox-token':
      return proxmoxTokenAuth({
        tokenId: config.tokenId,
        secret: config.secret,
        format: config.spec.token,
        credentialHeaders: credentialHeadersOf(config.spec),
      });
    case 'proxmox-ticket':
      return proxmoxTicketAuth({
        username: config.username,
        password: config.password,
        baseUrl: options.baseUrl,
        send: options.send,
        format: config.spec.ticket,
        credentialHeaders: credentialHeadersOf(config.spec),
      });
  }
}

function credentialHeadersOf(spec: ProxmoxAuth): string[] {
  return proxmoxCredentialHeaders({ token: spec.token, csrfHeader: spec.ticket.csrfHeader });
}
