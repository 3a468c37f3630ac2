import { type PrecomputedListing, precomputeListing, prepare, type TargetSpec, type ToolSpec } from '@mcpgen/runtime';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer every figure is counted with (OpenAI o200k_base, via gpt-tokenizer). */
export const TOKENIZER = 'o200k_base';

/** Size of what a client holds in context for one selection: measured by the runtime itself. */
export interface ProfileMetrics {
  readonly profile: string;
  readonly tags: string;
  /** Selected tools: every one is callable, listed or reached through discovery. */
  readonly tools: number;
  /** Tools in the default (auto) `tools/list`, discovery tools included. */
  readonly listed: number;
  readonly readTools: number;
  /** UTF-8 bytes of the default (auto) `tools/list` result. */
  readonly listBytes: number;
  /** Tokens of the default (auto) `tools/list` result (o200k_base). */
  readonly listTokens: number;
  /** Tokens with every selected tool listed (`<PREFIX>_TOOL_MODE=tools`). */
  readonly allToolsTokens: number;
  /** Names in the default (auto) `tools/list`, sorted: the change report says which enter or leave it. */
  readonly listedNames: readonly string[];
}

interface Row {
  readonly label: string;
  readonly tags: string;
  readonly env: Record<string, string>;
}

/** The default selection first, then each access level, then each profile (at the default access). */
export function measureProfiles(options: { target: TargetSpec; tools: readonly ToolSpec[] }): ProfileMetrics[] {
  // Every row lists the same tools: their entries are made once, as the server gets them at generation.
  const listing = precomputeListing(options.tools);
  return selectionRows(options.target).map((row) => measure({ ...options, listing, row }));
}

function selectionRows(target: TargetSpec): Row[] {
  const profilesVar = target.env.profiles;
  const defaults: Row = { label: `default (${defaultLabel(target)})`, tags: defaultTags(target), env: {} };
  const access = accessRows(target);
  const profiles = target.profiles.map((profile) => ({
    label: profile.name,
    tags: profile.tags.join(', '),
    env: { [profilesVar]: profile.name },
  }));
  const all: Row = { label: 'ALL', tags: 'every tag', env: { [profilesVar]: 'ALL' } };
  return [defaults, ...access, ...profiles, ...(target.defaultProfiles.includes('ALL') ? [] : [all])];
}

/** The tags of the default profiles, each once; `every tag` when the default is ALL. */
function defaultTags(target: TargetSpec): string {
  if (target.defaultProfiles.includes('ALL')) return 'every tag';
  const chosen = target.profiles.filter((profile) => target.defaultProfiles.includes(profile.name));
  return [...new Set(chosen.flatMap((profile) => profile.tags))].join(', ');
}

function defaultLabel(target: TargetSpec): string {
  const tier = target.tiers?.[0] ? `, tier ${target.tiers[0].name}` : '';
  return `${target.defaultProfiles.join(',')}${tier}`;
}

function accessRows(target: TargetSpec): Row[] {
  const tierVar = target.env.tier;
  if (target.tiers && tierVar) {
    return target.tiers
      .slice(1)
      .map((tier) => ({ label: `tier ${tier.name}`, tags: 'default selection', env: { [tierVar]: tier.name } }));
  }
  const readOnly = target.env.readOnly;
  return readOnly ? [{ label: `default, ${readOnly}=1`, tags: 'default selection', env: { [readOnly]: '1' } }] : [];
}

function measure(options: {
  target: TargetSpec;
  tools: readonly ToolSpec[];
  listing: PrecomputedListing;
  row: Row;
}): ProfileMetrics {
  const { target, row } = options;
  const env = {
    [target.env.url]: 'http://127.0.0.1:9',
    ...measuringCredentials(target),
    [target.env.logLevel]: 'error',
    ...row.env,
  };
  const { registry, surface } = prepare({
    definition: { target, tools: options.tools, listing: options.listing },
    env,
  });
  const served = JSON.stringify({ tools: surface.listing });
  const listTokens = countTokens(served);
  return {
    profile: row.label,
    tags: row.tags,
    tools: registry.listed.length,
    listed: surface.listing.length,
    readTools: surface.listing.filter((tool) => tool.annotations.readOnlyHint).length,
    listBytes: Buffer.byteLength(served),
    listTokens,
    allToolsTokens: surface.discovery ? countTokens(JSON.stringify({ tools: registry.listed })) : listTokens,
    listedNames: surface.listing.map((tool) => tool.name).sort(),
  };
}

/** Size of the discovery-only listing (`<tool mode>=discovery`), in KB to one decimal; '' when the target has no such mode. */
export function discoveryKilobytes(options: { target: TargetSpec; tools: readonly ToolSpec[] }): string {
  const { target } = options;
  if (!target.env.toolMode) return '';
  const env = {
    [target.env.url]: 'http://127.0.0.1:9',
    ...measuringCredentials(target),
    [target.env.logLevel]: 'error',
    [target.env.toolMode]: 'discovery',
  };
  const { surface } = prepare({ definition: { target, tools: options.tools }, env });
  return (Buffer.byteLength(JSON.stringify({ tools: surface.listing })) / 1024).toFixed(1);
}

/** Any syntactically valid credential: measuring starts no upstream traffic. */
function measuringCredentials(target: TargetSpec): Record<string, string> {
  if (target.auth.kind === 'header-key') return { [target.auth.env]: 'measure' };
  return {
    [target.auth.tokenIdEnv]: 'measure@pve!bench',
    [target.auth.tokenSecretEnv]: '00000000-0000-0000-0000-000000000000',
  };
}
