import { serverVariables, type ServerVariables, type TargetSpec, type Variable } from '@mcpgen/runtime';
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

export function manifestModel(options: {
  target: TargetSpec;
  binFile: string;
  upstreamMinor: string;
  exampleUrl: string;
  summary: string;
  provenance: Provenance;
}): ManifestModel {
  const { target } = options;
  return {
    manifestVersion: MCPB_MANIFEST_VERSION,
    displayName: `${target.displayName} ${options.upstreamMinor}`,
    longDescription: longDescription(options),
    entryArg: `\${__dirname}/${options.binFile}`,
    userConfig: userConfigOptions({ target, exampleUrl: options.exampleUrl }).map(([env, option]) => ({
      key: env.toLowerCase(),
      env,
      placeholder: `\${user_config.${env.toLowerCase()}}`,
      option,
    })),
  };
}

/**
 * The URL and the credential (required), then the settings a desktop user is likely to change, each
 * with the server's own default so that no `${user_config...}` placeholder ever reaches the server
 * unreplaced (hosts leave placeholders of unset options as they are).
 */
export function userConfigOptions(options: { target: TargetSpec; exampleUrl: string }): [string, UserConfigOption][] {
  const { target } = options;
  const vars = serverVariables(target);
  const name = target.displayName;
  const rows: ([string, UserConfigOption] | undefined)[] = [
    option({
      variable: vars.url,
      title: `${name} URL`,
      description: `Base URL of ${name}, e.g. ${options.exampleUrl} (${target.basePath} is appended).`,
    }),
    ...credentialOptions(target),
    accessOption({ target, vars }),
    option({
      variable: vars.profiles,
      title: target.tiers ? 'Categories' : 'Profiles',
      description: selectionDescription(target),
    }),
    vars.toolMode
      ? option({
          variable: vars.toolMode,
          title: 'Tool mode',
          description:
            'auto: every tool while the list stays small, else the main ones plus search/describe/call for the rest; tools: every tool; discovery: only search/describe/call.',
        })
      : undefined,
    vars.schemaDialect
      ? option({
          variable: vars.schemaDialect,
          title: 'Schema dialect',
          description:
            'default (Claude, Cursor, VS Code), openai-strict (OpenAI strict function calling) or gemini (Gemini/Vertex function declarations): the shape of the tool schemas for the model that uses them.',
        })
      : undefined,
    option({
      variable: vars.tlsVerify,
      title: 'Verify TLS certificate',
      description: `Turn off to accept a self-signed certificate of ${name}.`,
    }),
  ];
  return rows.filter((row): row is [string, UserConfigOption] => row !== undefined);
}

/**
 * One option from the runtime's variable: its name, whether it is required or secret, and its default (the
 * server's own, so that no `${user_config...}` placeholder ever reaches the server unreplaced: hosts leave
 * placeholders of unset options as they are). Title and description are worded for a settings dialog.
 */
function option(options: { variable: Variable; title: string; description: string }): [string, UserConfigOption] {
  const { variable } = options;
  const base = {
    type: variable.kind === 'boolean' ? ('boolean' as const) : ('string' as const),
    title: options.title,
    description: options.description,
  };
  if (variable.requirement !== undefined)
    return [variable.name, { ...base, required: true, ...(variable.secret ? { sensitive: true } : {}) }];
  return [
    variable.name,
    {
      ...base,
      ...(variable.fallback === undefined
        ? {}
        : { default: variable.kind === 'boolean' ? variable.fallback === '1' : variable.fallback }),
    },
  ];
}

/**
 * A bundle asks for one credential. Proxmox VE also accepts user + password (ticket login), but a
 * manifest cannot say "this pair or that pair", so the bundle asks for the credentials that have an
 * example value (the API token, the documented way); ticket login stays available through the npm
 * package and the container.
 */
function credentialOptions(target: TargetSpec): [string, UserConfigOption][] {
  const name = target.displayName;
  const asked = serverVariables(target).credentials.filter((variable) => variable.example !== undefined);
  return asked.map((variable) => [
    variable.name,
    {
      type: 'string',
      title: `${name} ${variable.title ?? variable.name}`,
      description: `${name} ${plain(variable.description)}`,
      required: true,
      ...(variable.secret ? { sensitive: true } : {}),
    },
  ]);
}

function accessOption(options: { target: TargetSpec; vars: ServerVariables }): [string, UserConfigOption] | undefined {
  const { target, vars } = options;
  if (vars.tier) {
    const list = (target.tiers ?? []).map((tier) => `${tier.name} (${tier.safety.join(', ')})`).join(', ');
    return option({
      variable: vars.tier,
      title: 'Access tier',
      description: `One of ${list}. Enforced on every call.`,
    });
  }
  if (vars.readOnly)
    return option({
      variable: vars.readOnly,
      title: 'Read-only',
      description: `Serve read tools only; any other call is refused before it reaches ${target.displayName}.`,
    });
  return undefined;
}

/** Markdown of a variable's description as plain text for a settings dialog. */
function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
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
