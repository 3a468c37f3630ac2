import type { TargetSpec } from '@mcpgen/runtime';
import type { Provenance } from './provenance.js';

/**
 * The MCP bundle (`.mcpb`) manifest of a package: what Claude Desktop (or any MCPB host) asks the user
 * for, and how it starts the bundled server. Version 0.2 of the manifest is what `mcpb init` writes
 * today and what every host that reads bundles understands (0.3 and 0.4 are marked WIP/experimental
 * by @anthropic-ai/mcpb); it has everything used here (`user_config`, `sensitive`, node runtime range).
 */
export const MCPB_MANIFEST_VERSION = '0.2';

/** One `user_config` option as the MCPB schema has it. */
export interface UserConfigOption {
  readonly type: 'string' | 'boolean';
  readonly title: string;
  readonly description: string;
  readonly required?: boolean;
  readonly sensitive?: boolean;
  readonly default?: string | boolean;
}

/** One setting the host asks for, passed to the server as one environment variable. */
export interface UserConfigEntry {
  /** The `user_config` key: the variable's name in lower case, so that the mapping needs no table. */
  readonly key: string;
  readonly env: string;
  /** What `mcp_config.env` holds: the host substitutes the user's answer. */
  readonly placeholder: string;
  readonly option: UserConfigOption;
}

/** Everything manifest.json.hbs needs besides the package basics. */
export interface ManifestModel {
  readonly manifestVersion: string;
  readonly displayName: string;
  readonly longDescription: string;
  /** `${__dirname}/dist/<bin>.js`: the host replaces `${__dirname}` with the unpacked bundle's folder. */
  readonly entryArg: string;
  readonly userConfig: readonly UserConfigEntry[];
}

export function manifestModel(options: { target: TargetSpec; binFile: string; upstreamMinor: string; exampleUrl: string; summary: string; provenance: Provenance }): ManifestModel {
  const { target } = options;
  return {
    manifestVersion: MCPB_MANIFEST_VERSION,
    displayName: `${target.displayName} ${options.upstreamMinor}`,
    longDescription: longDescription(options),
    entryArg: `\${__dirname}/${options.binFile}`,
    userConfig: userConfigOptions({ target, exampleUrl: options.exampleUrl }).map(([env, option]) => ({ key: env.toLowerCase(), env, placeholder: `\${user_config.${env.toLowerCase()}}`, option })),
  };
}

/**
 * The URL and the credential (required), then the settings a desktop user is likely to change, each
 * with the server's own default so that no `${user_config...}` placeholder ever reaches the server
 * unreplaced (hosts leave placeholders of unset options as they are).
 */
function userConfigOptions(options: { target: TargetSpec; exampleUrl: string }): [string, UserConfigOption][] {
  const { target } = options;
  const env = target.env;
  const name = target.displayName;
  const rows: ([string, UserConfigOption] | undefined)[] = [
    [env.url, { type: 'string', title: `${name} URL`, description: `Base URL of ${name}, e.g. ${options.exampleUrl} (${target.basePath} is appended).`, required: true }],
    ...credentialOptions(target),
    accessOption(target),
    [env.profiles, { type: 'string', title: target.tiers ? 'Categories' : 'Profiles', description: selectionDescription(target), default: target.defaultProfiles.join(',') }],
    env.toolMode ? [env.toolMode, { type: 'string', title: 'Tool mode', description: 'auto: every tool while the list stays small, else the main ones plus search/describe/call for the rest; tools: every tool; discovery: only search/describe/call.', default: 'auto' }] : undefined,
    [env.tlsVerify, { type: 'boolean', title: 'Verify TLS certificate', description: `Turn off to accept a self-signed certificate of ${name}.`, default: true }],
  ];
  return rows.filter((row): row is [string, UserConfigOption] => row !== undefined);
}

/**
 * A bundle asks for one credential. Proxmox VE also accepts user + password (ticket login), but a
 * manifest cannot say "this pair or that pair", so the bundle asks for the API token, the documented
 * way; ticket login stays available through the npm package and the container.
 */
function credentialOptions(target: TargetSpec): [string, UserConfigOption][] {
  const auth = target.auth;
  const name = target.displayName;
  if (auth.kind === 'header-key') {
    return [[auth.env, { type: 'string', title: `${name} API key`, description: `API key created in ${name}; sent as ${auth.header}.`, required: true, sensitive: true }]];
  }
  return [
    [auth.tokenIdEnv, { type: 'string', title: 'API token ID', description: `${name} API token id, USER@REALM!TOKENID (e.g. root@pam!mcp).`, required: true }],
    [auth.tokenSecretEnv, { type: 'string', title: 'API token secret', description: `Secret of that ${name} API token.`, required: true, sensitive: true }],
  ];
}

function accessOption(target: TargetSpec): [string, UserConfigOption] | undefined {
  const env = target.env;
  if (target.tiers && target.tiers.length > 0 && env.tier) {
    const list = target.tiers.map((tier) => `${tier.name} (${tier.safety.join(', ')})`).join(', ');
    return [env.tier, { type: 'string', title: 'Access tier', description: `One of ${list}. Enforced on every call.`, default: target.tiers[0]!.name }];
  }
  if (env.readOnly) return [env.readOnly, { type: 'boolean', title: 'Read-only', description: `Serve read tools only; any other call is refused before it reaches ${target.displayName}.`, default: false }];
  return undefined;
}

function selectionDescription(target: TargetSpec): string {
  const kind = target.tiers ? 'categories' : 'profiles';
  return `Comma-separated ${kind} to serve (${target.profiles.map((profile) => profile.name).join(', ')}); ALL serves every tool.`;
}

function longDescription(options: { target: TargetSpec; summary: string; provenance: Provenance }): string {
  const { target } = options;
  const ticket =
    target.auth.kind === 'proxmox'
      ? ` This bundle signs in with an API token; for ticket login (${target.auth.usernameEnv}, ${target.auth.passwordEnv}) run the npm package instead.`
      : '';
  const { provenance } = options;
  const origin = `Generated by ${provenance.generator} ${provenance.generatorVersion} from ${provenance.upstreamName} ${provenance.upstreamVersion} (sha256:${provenance.sha256}).`;
  return `${options.summary} The server is one bundled file without dependencies; it talks to ${target.displayName} with the credential given here.${ticket}\n\n${origin}`;
}
