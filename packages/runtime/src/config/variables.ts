import type { TargetSpec } from '../catalog/target.js';
import type { LogLevel } from '../log.js';
import { credentialVariables } from './credential-variables.js';
import { type Env, readHttpUrl, readPositiveNumber } from './env.js';
import { ConfigError } from './errors.js';
import type { ToolMode } from './tool-mode.js';
import { SCHEMA_DIALECTS, type SchemaDialect } from '../dialects/types.js';
import { choiceVariable, flagVariable, listVariable, numberVariable, textVariable, type Variable } from './variable.js';

/** About 20k tokens: under the 25k-token tool-result limit of Claude Code. */
export const DEFAULT_MAX_RESPONSE_CHARS = 80_000;

/**
 * Auto tool mode lists every tool only while tools/list stays within these; past them it
 * lists what fits plus the discovery tools. 100,000 characters are about 22k tokens (o200k),
 * a tenth of a 200k context; 100 tools is Windsurf's cap and leaves room under VS Code's 128.
 */
export const DEFAULT_TOOL_BUDGET_CHARS = 100_000;
export const DEFAULT_MAX_TOOLS = 100;

/** Node's timers overflow above 2^31-1 ms; a day is more than any upstream call needs. */
const MAX_TIMEOUT_SECONDS = 86_400;

/**
 * Every variable a server of this target reads outside the HTTP front, keyed by role. Optional
 * roles are present only when the target names a variable for them.
 */
export interface ServerVariables {
  readonly url: Variable<URL>;
  readonly credentials: readonly Variable<string | undefined>[];
  readonly profiles: Variable<readonly string[] | undefined>;
  readonly tagsExtra?: Variable<readonly string[] | undefined>;
  readonly readOnly?: Variable<boolean>;
  readonly tier?: Variable<string>;
  readonly noProxy?: Variable<boolean>;
  readonly rawApi?: Variable<boolean>;
  readonly toolMode?: Variable<ToolMode>;
  readonly toolBudget?: Variable<number>;
  readonly maxTools?: Variable<number>;
  readonly schemaDialect?: Variable<SchemaDialect>;
  readonly maxResponseChars?: Variable<number>;
  readonly exposeSecrets?: Variable<boolean>;
  readonly tlsVerify: Variable<boolean>;
  readonly timeout: Variable<number>;
  readonly logLevel: Variable<LogLevel>;
}

export function serverVariables(target: TargetSpec): ServerVariables {
  const env = target.env;
  const optional = <K extends string, T>(key: K, name: string | undefined, make: (name: string) => Variable<T>) =>
    name ? ({ [key]: make(name) } as { [P in K]: Variable<T> }) : {};
  return {
    url: urlVariable(target),
    credentials: credentialVariables(target),
    profiles: profilesVariable(target),
    ...optional('tagsExtra', env.tagsExtra, (name) =>
      listVariable({ name, description: 'Extra upstream tags to serve on top of the profiles.' }),
    ),
    ...optional('readOnly', env.readOnly, (name) =>
      flagVariable({
        name,
        fallback: false,
        description: `\`1\`: serve read tools only; any other call is refused before it reaches ${target.displayName}.`,
      }),
    ),
    ...optional('tier', target.tiers && target.tiers.length > 0 ? env.tier : undefined, (name) =>
      tierVariable({ name, target }),
    ),
    ...optional('noProxy', env.noProxy, (name) =>
      flagVariable({ name, fallback: false, description: '`1`: do not serve the proxy tools.' }),
    ),
    ...optional('rawApi', target.rawApi ? env.rawApi : undefined, (name) =>
      flagVariable({
        name,
        fallback: false,
        description: `\`1\`: add the \`${target.rawApi!.name}\` tool (any API path; obeys the access tier).`,
      }),
    ),
    ...optional('toolMode', env.toolMode, (name) =>
      choiceVariable<ToolMode>({
        name,
        allowed: ['auto', 'tools', 'discovery'],
        fallback: 'auto',
        description: TOOL_MODE,
      }),
    ),
    ...optional('toolBudget', env.toolBudget, (name) =>
      numberVariable({
        name,
        fallback: DEFAULT_TOOL_BUDGET_CHARS,
        description: 'Characters of `tools/list` that auto mode fills (about 4.6 characters per token).',
      }),
    ),
    ...optional('maxTools', env.maxTools, (name) =>
      numberVariable({
        name,
        fallback: DEFAULT_MAX_TOOLS,
        description:
          'Tools that auto mode lists at most, discovery tools included (Cursor caps at 40, Windsurf 100, VS Code 128).',
      }),
    ),
    ...optional('schemaDialect', env.schemaDialect, (name) =>
      choiceVariable<SchemaDialect>({
        name,
        allowed: SCHEMA_DIALECTS,
        fallback: 'default',
        description: SCHEMA_DIALECT,
      }),
    ),
    ...optional('maxResponseChars', env.maxResponseChars, (name) =>
      numberVariable({
        name,
        fallback: DEFAULT_MAX_RESPONSE_CHARS,
        description:
          'Longest answer in characters; longer answers are cut to valid JSON with a notice saying how to narrow (`select`, filters).',
      }),
    ),
    ...optional('exposeSecrets', env.exposeSecrets, (name) =>
      flagVariable({ name, fallback: false, description: exposeSecretsDescription(target) }),
    ),
    tlsVerify: flagVariable({
      name: env.tlsVerify,
      fallback: true,
      description: '`0`: accept self-signed certificates.',
    }),
    timeout: numberVariable({
      name: env.timeout,
      fallback: target.defaultTimeoutSeconds,
      description: 'Upstream timeout in seconds.',
      read: (vars) => readTimeout({ env: vars, name: env.timeout, fallback: target.defaultTimeoutSeconds }),
    }),
    logLevel: choiceVariable<LogLevel>({
      name: env.logLevel,
      allowed: ['debug', 'info', 'warn', 'error'],
      fallback: 'info',
      description: '`debug`, `info`, `warn` or `error`; logs go to stderr.',
    }),
  };
}

/** The variables in the order the README lists them. */
export function listServerVariables(variables: ServerVariables): Variable[] {
  const { url, credentials, tlsVerify, timeout, logLevel, ...rest } = variables;
  const optional = [
    rest.profiles,
    rest.tagsExtra,
    rest.readOnly,
    rest.tier,
    rest.noProxy,
    rest.rawApi,
    rest.toolMode,
    rest.toolBudget,
    rest.maxTools,
    rest.schemaDialect,
    rest.maxResponseChars,
    rest.exposeSecrets,
  ];
  return [
    url,
    ...credentials,
    ...optional.filter((variable) => variable !== undefined),
    tlsVerify,
    timeout,
    logLevel,
  ] as Variable[];
}

const TOOL_MODE =
  '`auto`: one tool per operation while the listing fits the budget below, else the tools that fit plus three discovery tools (search, describe, call) that reach every other selected operation. `tools`: always one tool per operation. `discovery`: only the three discovery tools. Same checks in every mode.';

const SCHEMA_DIALECT =
  'Shape of the input schemas, for the client: `default` (full JSON Schema: Claude, Cursor, VS Code), `openai-strict` (OpenAI strict function calling: every object closed, optional arguments required and nullable, open maps as key/value lists or JSON text), `gemini` (Gemini/Vertex function declarations: string enums, plain property names, no type lists). Calls are accepted in the chosen dialect; the upstream receives the same request in every dialect.';

function urlVariable(target: TargetSpec): Variable<URL> {
  const name = target.env.url;
  return textVariable({
    name,
    requirement: 'required',
    description: `Base URL of ${target.displayName}; \`${target.basePath}\` is appended.`,
    read: (env) => readHttpUrl({ env, name }),
  });
}

function profilesVariable(target: TargetSpec): Variable<readonly string[] | undefined> {
  const kind = target.tiers ? 'categories' : 'profiles';
  return listVariable({
    name: target.env.profiles,
    fallback: target.defaultProfiles,
    description: `Comma-separated ${kind} (below); \`ALL\` serves every tool. Unknown name: start-up error.`,
  });
}

function tierVariable(options: { name: string; target: TargetSpec }): Variable<string> {
  const tiers = options.target.tiers ?? [];
  const list = tiers.map((tier) => `\`${tier.name}\` (${tier.safety.join(', ')})`).join(', ');
  const allowed = tiers.map((tier) => tier.name);
  return choiceVariable({
    name: options.name,
    allowed,
    fallback: allowed[0]!,
    description: `Access tier: ${list}. Enforced on every call. Unknown value: start-up error.`,
  });
}

/** What redaction hides is the target's to say (`redactedKinds` in its target file), with a generic fallback. */
function exposeSecretsDescription(target: TargetSpec): string {
  const kinds = target.redactedKinds ?? ['passwords', 'tokens', 'keys'];
  return `\`1\`: turn secret redaction off (${kinds.join(', ')}).`;
}

function readTimeout(options: { env: Env; name: string; fallback: number }): number {
  const seconds = readPositiveNumber(options);
  if (seconds > MAX_TIMEOUT_SECONDS)
    throw new ConfigError(options.name, `expected at most ${MAX_TIMEOUT_SECONDS} seconds, got ${seconds}`);
  return seconds;
}
