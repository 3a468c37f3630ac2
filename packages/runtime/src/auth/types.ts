import type { ProxmoxAuth } from '../catalog/target.js';
import type { HttpMethod } from '../catalog/types.js';

/** How the server proves itself to the upstream on each request. */
export interface UpstreamAuth {
  /** Headers for one request; may log in or renew a session first. */
  headers(options: { readonly method: HttpMethod }): Promise<Record<string, string>>;
  /** Lower-case header names that carry the credential: a caller may never set them. */
  readonly credentialHeaders: readonly string[];
}

/** The credential read from the environment, before any login. */
export type AuthConfig =
  | { readonly kind: 'header-key'; readonly header: string; readonly value: string }
  | { readonly kind: 'proxmox-token'; readonly tokenId: string; readonly secret: string; readonly spec: ProxmoxAuth }
  | {
      readonly kind: 'proxmox-ticket';
      readonly username: string;
      readonly password: string;
      readonly spec: ProxmoxAuth;
    };
