import type { ProxmoxTicketFormat } from '../catalog/target.js';
import type { SendRequest } from '../http/send.js';
import { upstreamUrl } from '../http/url.js';
import type { UpstreamAuth } from './types.js';

/** Tickets live two hours; renewing after 90 minutes leaves a margin for clock skew and slow calls. */
const RENEW_AFTER_MS = 90 * 60 * 1000;
const TICKET_LIFETIME_MS = 2 * 60 * 60 * 1000;

interface Ticket {
  readonly ticket: string;
  readonly csrf: string;
  readonly obtainedAt: number;
}

interface LoginOptions {
  readonly username: string;
  readonly password: string;
  readonly baseUrl: URL;
  readonly send: SendRequest;
  readonly format: ProxmoxTicketFormat;
}

/**
 * Proxmox ticket login from user name and password: `POST <format.path>` (`/access/ticket`),
 * then the product's cookie (`PVEAuthCookie`, `PBSAuthCookie`) on every request and
 * the CSRF header on writes. Renewed by posting the old ticket as the password.
 */
export function proxmoxTicketAuth(
  options: LoginOptions & { credentialHeaders: readonly string[]; now?: () => number },
): UpstreamAuth {
  const now = options.now ?? Date.now;
  let current: Ticket | undefined;
  let pending: Promise<Ticket> | undefined;
  const obtain = async (): Promise<Ticket> => {
    if (current && now() - current.obtainedAt < RENEW_AFTER_MS) return current;
    // One login at a time: concurrent calls share it.
    pending ??= renewOrLogin({ options, current, now }).finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current;
  };
  return {
    headers: async ({ method }) => {
      const ticket = await obtain();
      const headers: Record<string, string> = {
        cookie: `${options.format.cookie}=${encodeURIComponent(ticket.ticket)}`,
      };
      if (method !== 'GET' && method !== 'HEAD') headers[options.format.csrfHeader.toLowerCase()] = ticket.csrf;
      return headers;
    },
    credentialHeaders: options.credentialHeaders,
  };
}

/** Renew with the old ticket while it may still be valid; after that, or if renewal fails, log in with the password. */
async function renewOrLogin(options: {
  options: LoginOptions;
  current: Ticket | undefined;
  now: () => number;
}): Promise<Ticket> {
  const { current, now } = options;
  const base = { ...options.options, now };
  if (current && now() - current.obtainedAt < TICKET_LIFETIME_MS) {
    try {
      return await login({ ...base, password: current.ticket });
    } catch {
      // The ticket was refused (expired early, server restarted): fall back to the password.
    }
  }
  return login(base);
}

async function login(options: LoginOptions & { now: () => number }): Promise<Ticket> {
  const url = upstreamUrl({ baseUrl: options.baseUrl, path: options.format.path });
  const response = await options.send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: Buffer.from(JSON.stringify({ username: options.username, password: options.password })),
  });
  const data = parseTicket(response.body.toString('utf8'));
  if (response.status >= 400 || !data) {
    throw new Error(`login as ${options.username} failed: HTTP ${response.status} ${response.statusText}`.trim());
  }
  return { ...data, obtainedAt: options.now() };
}

function parseTicket(text: string): { ticket: string; csrf: string } | undefined {
  try {
    const data = (JSON.parse(text) as { data?: { ticket?: unknown; CSRFPreventionToken?: unknown } }).data;
    return typeof data?.ticket === 'string' && typeof data.CSRFPreventionToken === 'string'
      ? { ticket: data.ticket, csrf: data.CSRFPreventionToken }
      : undefined;
  } catch {
    return undefined;
  }
}
