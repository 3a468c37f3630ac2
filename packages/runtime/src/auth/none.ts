import type { UpstreamAuth } from './types.js';

/** Over HTTP without a server-wide credential: a call with no user credential cannot be made. */
export function missingCredentialAuth(options: { header: string }): UpstreamAuth {
  return {
    headers: async () => {
      throw new Error(`no upstream credential: send yours in the ${options.header} header`);
    },
    credentialHeaders: [],
  };
}
