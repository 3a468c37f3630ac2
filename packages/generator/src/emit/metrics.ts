import { prepare, type TargetSpec, type ToolSpec } from '@mcpgen/runtime';

/** Size of what a client holds in context for one selection: measured by the runtime itself. */
export interface ProfileMetrics {
  readonly profile: string;
  readonly tags: string;
  readonly tools: number;
  readonly readTools: number;
  /** UTF-8 bytes of the `tools/list` result. */
  readonly listBytes: number;
}

export function measureProfiles(options: { target: TargetSpec; tools: readonly ToolSpec[] }): ProfileMetrics[] {
  const { target } = options;
  const rows = [
    { profile: `default (${target.defaultProfiles.join(',')})`, value: target.defaultProfiles.join(','), tags: '' },
    ...target.profiles.map((profile) => ({ profile: profile.name, value: profile.name, tags: profile.tags.join(', ') })),
    { profile: 'ALL', value: 'ALL', tags: 'every tag' },
  ];
  return rows.map((row) => measure({ ...options, ...row }));
}

function measure(options: { target: TargetSpec; tools: readonly ToolSpec[]; profile: string; value: string; tags: string }): ProfileMetrics {
  const { target } = options;
  const env = { [target.env.url]: 'http://127.0.0.1:9', ...measuringCredentials(target), [target.env.profiles]: options.value, [target.env.logLevel]: 'error' };
  const { registry } = prepare({ definition: { target, tools: options.tools }, env });
  return {
    profile: options.profile,
    tags: options.tags,
    tools: registry.listed.length,
    readTools: registry.listed.filter((tool) => tool.annotations.readOnlyHint).length,
    listBytes: Buffer.byteLength(JSON.stringify({ tools: registry.listed })),
  };
}

/** Any syntactically valid credential: measuring starts no upstream traffic. */
function measuringCredentials(target: TargetSpec): Record<string, string> {
  if (target.auth.kind === 'header-key') return { [target.auth.env]: 'measure' };
  return { [target.auth.tokenIdEnv]: 'measure@pve!bench', [target.auth.tokenSecretEnv]: '00000000-0000-0000-0000-000000000000' };
}
