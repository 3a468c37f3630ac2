import { DEFAULT_MAX_TOOLS, DEFAULT_TOOL_BUDGET_CHARS, type TargetSpec } from '@mcpgen/runtime';

/** One environment variable as the generated README documents it. */
export interface VariableDoc {
  readonly name: string;
  readonly fallback: string;
  readonly meaning: string;
}

/** Every variable the server reads, with its default, derived from the target spec. */
export function documentVariables(target: TargetSpec): VariableDoc[] {
  const env = target.env;
  const rows: (VariableDoc | undefined)[] = [
    { name: env.url, fallback: '(required)', meaning: `Base URL of ${target.displayName}; \`${target.basePath}\` is appended.` },
    ...credentialVariables(target),
    { name: env.profiles, fallback: `\`${target.defaultProfiles.join(',')}\``, meaning: `Comma-separated ${target.tiers ? 'categories' : 'profiles'} (below); \`ALL\` serves every tool. Unknown name: start-up error.` },
    env.tagsExtra ? { name: env.tagsExtra, fallback: '(none)', meaning: 'Extra upstream tags to serve on top of the profiles.' } : undefined,
    env.readOnly ? { name: env.readOnly, fallback: '`0`', meaning: `\`1\`: serve read tools only; any other call is refused before it reaches ${target.displayName}.` } : undefined,
    env.tier && target.tiers ? tierVariable({ name: env.tier, target }) : undefined,
    env.noProxy ? { name: env.noProxy, fallback: '`0`', meaning: '`1`: do not serve the proxy tools.' } : undefined,
    env.rawApi && target.rawApi ? { name: env.rawApi, fallback: '`0`', meaning: `\`1\`: add the \`${target.rawApi.name}\` tool (any API path; obeys the access tier).` } : undefined,
    env.toolMode ? { name: env.toolMode, fallback: '`auto`', meaning: '`auto`: one tool per operation while the listing fits the budget below, else the tools that fit plus three discovery tools (search, describe, call) that reach every other selected operation. `tools`: always one tool per operation. `discovery`: only the three discovery tools. Same checks in every mode.' } : undefined,
    env.toolBudget ? { name: env.toolBudget, fallback: `\`${DEFAULT_TOOL_BUDGET_CHARS}\``, meaning: 'Characters of `tools/list` that auto mode fills (about 4.6 characters per token).' } : undefined,
    env.maxTools ? { name: env.maxTools, fallback: `\`${DEFAULT_MAX_TOOLS}\``, meaning: 'Tools that auto mode lists at most, discovery tools included (Cursor caps at 40, Windsurf 100, VS Code 128).' } : undefined,
    env.maxResponseChars ? { name: env.maxResponseChars, fallback: '`80000`', meaning: 'Longest answer in characters; longer answers are cut to valid JSON with a notice saying how to narrow (`select`, filters).' } : undefined,
    env.exposeSecrets ? { name: env.exposeSecrets, fallback: '`0`', meaning: '`1`: turn secret redaction off (passwords, tokens, keys, environment values, Kubernetes secret data).' } : undefined,
    { name: env.tlsVerify, fallback: '`1`', meaning: '`0`: accept self-signed certificates.' },
    { name: env.timeout, fallback: `\`${target.defaultTimeoutSeconds}\``, meaning: 'Upstream timeout in seconds.' },
    { name: env.logLevel, fallback: '`info`', meaning: '`debug`, `info`, `warn` or `error`; logs go to stderr.' },
  ];
  return rows.filter((row): row is VariableDoc => row !== undefined);
}

function credentialVariables(target: TargetSpec): VariableDoc[] {
  const auth = target.auth;
  if (auth.kind === 'header-key') return [{ name: auth.env, fallback: '(required)', meaning: `API key, sent as \`${auth.header}\`.` }];
  return [
    { name: auth.tokenIdEnv, fallback: '(token or user)', meaning: 'API token id, `USER@REALM!TOKENID`.' },
    { name: auth.tokenSecretEnv, fallback: '(with the token id)', meaning: 'API token secret.' },
    { name: auth.usernameEnv, fallback: '(or a token)', meaning: 'User for ticket login instead of a token, e.g. `root@pam`.' },
    { name: auth.passwordEnv, fallback: '(with the user)', meaning: 'Password for ticket login; the ticket is renewed before it expires.' },
  ];
}

function tierVariable(options: { name: string; target: TargetSpec }): VariableDoc {
  const tiers = options.target.tiers ?? [];
  const list = tiers.map((tier) => `\`${tier.name}\` (${tier.safety.join(', ')})`).join(', ');
  return { name: options.name, fallback: `\`${tiers[0]?.name ?? ''}\``, meaning: `Access tier: ${list}. Enforced on every call. Unknown value: start-up error.` };
}

/** Variables shown in the client set-up snippets, with placeholder values. */
export function setupVariables(options: { target: TargetSpec; exampleUrl: string }): { name: string; value: string }[] {
  const { target } = options;
  const url = { name: target.env.url, value: options.exampleUrl };
  if (target.auth.kind === 'header-key') return [url, { name: target.auth.env, value: '<your key>' }];
  return [url, { name: target.auth.tokenIdEnv, value: 'root@pam!mcp' }, { name: target.auth.tokenSecretEnv, value: '<token secret>' }];
}
