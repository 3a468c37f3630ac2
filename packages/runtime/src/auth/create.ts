import type { SendRequest } from '../http/send.js';
import { headerKeyAuth } from './header-key.js';
import { pveTicketAuth } from './pve-ticket.js';
import { pveTokenAuth } from './pve-token.js';
import type { AuthConfig, UpstreamAuth } from './types.js';

export function createUpstreamAuth(options: { config: AuthConfig; baseUrl: URL; send: SendRequest }): UpstreamAuth {
  const { config } = options;
  switch (config.kind) {
    case 'header-key':
      return headerKeyAuth({ header: config.header, value: config.value });
    case 'pve-token':
      return pveTokenAuth(config);
    case 'pve-ticket':
      return pveTicketAuth({ username: config.username, password: config.password, baseUrl: options.baseUrl, send: options.send });
  }
}
