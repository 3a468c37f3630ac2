import { z } from 'zod';

/**
 * The parts of a target file (`specs/<target>.yaml`) that reach the running server, declared once
 * as zod schemas: the generator's target-file schema (generator targets/schema.ts) composes them to
 * check target files, and the runtime's TargetSpec types are inferred from them (catalog/target.ts).
 * The runtime imports this module TYPE-ONLY, so a server never builds these schemas at start-up;
 * the generator reaches it as `@mcpgen/runtime/target-schema`.
 */

/** Longest tool name: client prefixes such as `mcp__portainer__` must still fit in 64 characters. */
export const MAX_TOOL_NAME_LENGTH = 48;
/** The tool-name rule: `^[a-z0-9_]{1,48}$`. */
export const TOOL_NAME_PATTERN = new RegExp(`^[a-z0-9_]{1,${MAX_TOOL_NAME_LENGTH}}$`);

export const safetyClassSchema = z.enum(['read', 'execute', 'write', 'destructive']);

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an environment variable name');

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/);

/** A static key sent in one header (Portainer `X-API-Key`): the header sent upstream, and the variable holding the key. */
const headerKeyAuth = z.strictObject({ kind: z.literal('header-key'), header: z.string().min(1), env: envName });

/** How a Proxmox product takes an API token: `<header>: <prefix>USER@REALM!TOKENID<separator>SECRET`. */
const proxmoxTokenFormat = z.strictObject({
  /** e.g. `Authorization`. */
  header: headerName,
  /** e.g. `PVEAPIToken=` (Proxmox VE) or `PBSAPIToken=` (Backup Server). */
  prefix: z.string().regex(/^[A-Za-z0-9]+=$/, 'expected a scheme such as PVEAPIToken='),
  /** Between token id and secret: `=` (Proxmox VE) or `:` (Backup Server). */
  separator: z.string().regex(/^[=:]$/, "expected '=' or ':'"),
});

/** Ticket login: `POST <path>` with user name and password; the ticket travels in a cookie, writes add a CSRF header. */
const proxmoxTicketFormat = z.strictObject({
  /** e.g. `/access/ticket`. */
  path: z.string().startsWith('/'),
  /** e.g. `PVEAuthCookie` or `PBSAuthCookie`. */
  cookie: z.string().regex(/^[A-Za-z0-9_-]+$/),
  /** e.g. `CSRFPreventionToken`. */
  csrfHeader: headerName,
});

/**
 * The Proxmox family (VE, Backup Server, Datacenter Manager): an API token, or a ticket from user
 * name and password (cookie + CSRF header, renewed). The formats come from the target file, so a
 * further product needs no code.
 */
const proxmoxAuth = z.strictObject({
  kind: z.literal('proxmox'),
  tokenIdEnv: envName,
  tokenSecretEnv: envName,
  usernameEnv: envName,
  passwordEnv: envName,
  token: proxmoxTokenFormat,
  ticket: proxmoxTicketFormat,
});

export const authSchema = z.discriminatedUnion('kind', [headerKeyAuth, proxmoxAuth]);

/** Environment variable names of one target: users keep the names they know from peers. */
export const envNamesSchema = z.strictObject({
  url: envName,
  tlsVerify: envName,
  timeout: envName,
  /** Profiles (Portainer) or categories (Proxmox) to serve. */
  profiles: envName,
  logLevel: envName,
  tagsExtra: envName.optional(),
  /** Boolean read-only switch (Portainer). */
  readOnly: envName.optional(),
  /** Access tier (Proxmox `PVE_ACCESS_TIER`). */
  tier: envName.optional(),
  noProxy: envName.optional(),
  /** Boolean that turns the raw API tool on. */
  rawApi: envName.optional(),
  /** Longest answer text in characters (default about 20k tokens). */
  maxResponseChars: envName.optional(),
  /** Boolean that turns secret redaction off. */
  exposeSecrets: envName.optional(),
  /** `auto` (the default: every tool while the listing fits the budget, else what fits plus discovery), `tools` or `discovery`. */
  toolMode: envName.optional(),
  /** Characters of tools/list that auto mode may fill (default 100,000). */
  toolBudget: envName.optional(),
  /** Tools that auto mode may list (default 100). */
  maxTools: envName.optional(),
  /** `default`, `openai-strict` or `gemini`: the input schema dialect of the client. */
  schemaDialect: envName.optional(),
});

/** A named access tier; it allows a set of safety classes. A target's first tier is the default. */
export const tierSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z-]*$/),
  safety: z.array(safetyClassSchema).min(1),
});

/** Upstream wire conventions that differ from plain JSON over HTTP. */
export const wireSchema = z.strictObject({
  /** `numeric`: booleans travel as 1/0 (Proxmox). Default `literal`. */
  booleans: z.enum(['literal', 'numeric']).optional(),
  /** `data`: successful answers are `{ "data": ... }` and the tool returns the inside. */
  envelope: z.literal('data').optional(),
  /** Explanations added to errors with these HTTP statuses (Proxmox 595/596/597). */
  statusNotes: z.record(z.string().regex(/^\d{3}$/), z.string()).optional(),
});

/**
 * Where the status and log of an upstream task are read (Proxmox UPIDs). `idPattern` recognises a
 * task id in an answer, e.g. `^UPID:(?<node>[^:]+):`; its named groups, and `{id}` for the whole id,
 * fill the path templates, e.g. `/nodes/{node}/tasks/{id}/status`.
 */
export const tasksSchema = z
  .strictObject({
    idPattern: z.string().min(1),
    statusPath: z.string().startsWith('/'),
    logPath: z.string().startsWith('/'),
  })
  .superRefine(checkTaskTemplates);

/**
 * The runtime compiles `idPattern` and fills the paths from its named groups (and `{id}`) on a
 * user's call: a pattern that does not compile, or a placeholder nothing fills, must fail here.
 */
function checkTaskTemplates(
  tasks: { idPattern: string; statusPath: string; logPath: string },
  context: z.RefinementCtx,
): void {
  let groups: Set<string>;
  try {
    groups = new Set([...tasks.idPattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((match) => match[1]!));
    new RegExp(tasks.idPattern, 'u');
  } catch (error) {
    context.addIssue({
      code: 'custom',
      path: ['idPattern'],
      message: `not a regular expression: ${(error as Error).message}`,
    });
    return;
  }
  for (const key of ['statusPath', 'logPath'] as const) {
    for (const [, name] of tasks[key].matchAll(/\{([^}]*)\}/g)) {
      if (name !== 'id' && !groups.has(name!))
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `{${name}} is neither {id} nor a named group of idPattern`,
        });
    }
  }
}

/** The raw API tool, off unless its variable is set. */
export const rawApiSchema = z.strictObject({
  name: z.string().regex(TOOL_NAME_PATTERN),
  description: z.string().min(1),
});

/**
 * A nested upstream's paths (Docker through Portainer): `unversioned`: sent as its description lists
 * them, without its base path, and the daemon answers with its own API version; `pinned`: the
 * description's base path (e.g. `/v1.55`) is sent too.
 */
export const apiVersionPathSchema = z.enum(['unversioned', 'pinned']);

/** Serving over Streamable HTTP for a team; variable names are `<envPrefix><NAME>`. */
export const httpSchema = z.strictObject({
  /** e.g. `PORTAINER_MCP_`: gives PORTAINER_MCP_HTTP_PORT, PORTAINER_MCP_AUTH_TOKEN, ... */
  envPrefix: z.string().regex(/^[A-Z][A-Z0-9_]*_$/),
  /** Variable choosing stdio or http, e.g. `PORTAINER_MCP_TRANSPORT` or `MCP_TRANSPORT`. */
  transportEnv: envName,
  defaultPort: z.number().int().min(1).max(65535),
  /** Header in which each user may send their own upstream credential. */
  userCredentialHeader: headerName,
  /** A cheap GET that succeeds for any valid credential, used to check a user's credential. */
  credentialCheckPath: z.string().startsWith('/'),
});
