import type { NestedUpstreamSpec } from '@mcpgen/runtime';
import { InputError, pointer } from '../ir/errors.js';
import type { CallBehaviour, IrApi, IrOperation, IrParameter, IrSkipped } from '../ir/types.js';
import { readOpenApi } from '../sources/openapi/read.js';
import type { CallRule, NestedUpstream, TargetFile } from '../targets/schema.js';
import { classify } from './classify.js';
import { compatibilityNotes, knownOperations } from './nested-compat.js';
import { checkedSpecPath, type SpecSource } from '../store/listed-spec.js';

/**
 * Nested upstreams (target file `upstreams`): another API the target forwards unchanged
 * under a path prefix. Each is read with its own description, overlays and rules, then
 * mounted: paths get the prefix, tools get the prefix's variables as arguments, the
 * upstream's tags and name prefix. Rules (`skip`, `safetyRules`, `calls`) are written in
 * the nested API's own terms (`POST /containers/{id}/restart`), not the mounted path.
 */
export interface NestedApis {
  readonly operations: readonly IrOperation[];
  readonly skipped: readonly IrSkipped[];
  readonly specs: readonly NestedUpstreamSpec[];
  /** Name overrides of every nested upstream, by operationId or mounted `METHOD /path`. */
  readonly names: Readonly<Record<string, string>>;
}

export interface NestedContext {
  readonly targetFile: TargetFile;
  readonly targetPath: string;
  readonly specs: SpecSource;
}

/** Read once per run: every version of the target mounts the same nested descriptions. */
const cache = new Map<string, Promise<NestedApis>>();

export function readNestedUpstreams(context: NestedContext): Promise<NestedApis> {
  const key = `${context.targetPath}\0${context.specs.specsDir}\0${JSON.stringify(context.targetFile.upstreams)}`;
  let read = cache.get(key);
  if (!read) {
    read = readAll(context);
    cache.set(key, read);
    read.catch(() => cache.delete(key));
  }
  return read;
}

async function readAll(context: NestedContext): Promise<NestedApis> {
  const mounted = await Promise.all(
    context.targetFile.upstreams.map((upstream, index) => readOne({ context, upstream, index })),
  );
  return {
    operations: mounted.flatMap((entry) => entry.operations),
    skipped: mounted.flatMap((entry) => entry.skipped),
    specs: mounted.map((entry) => entry.spec),
    names: Object.assign({}, ...context.targetFile.upstreams.map((upstream) => upstream.names)),
  };
}

async function readOne(options: { context: NestedContext; upstream: NestedUpstream; index: number }) {
  const { context, upstream, index } = options;
  const at = ['upstreams', index] as const;
  const newest = upstream.versions.length - 1;
  const version = upstream.versions[newest]!;
  const specPath = await checkedSpecPath({
    source: context.specs,
    version: { ...version, patch: 0 },
    targetFile: context.targetPath,
    index: newest,
    at: [...at, 'versions', newest],
  });
  const overlays = {
    file: context.targetPath,
    overlays: upstream.overlays.filter((overlay) => version.overlays.includes(overlay.name)),
  };
  const read = await readOpenApi({ file: specPath, overlays });
  const api = classify({
    api: read,
    rules: {
      file: context.targetPath,
      at,
      skip: upstream.skip,
      categories: [],
      safetyRules: upstream.safetyRules,
      descriptionRewrites: upstream.descriptionRewrites,
    },
  });
  const older = await olderVersions({ context, upstream, at });
  const calls = callRules({ upstream, api, file: context.targetPath, at });
  const prefix =
    upstream.apiVersionPath === 'pinned' ? `${upstream.mount}${read.statedBasePath ?? ''}` : upstream.mount;
  const operations = api.operations.map((operation) =>
    mount({
      operation,
      upstream,
      prefix,
      call: calls.get(operation.key),
      notes: compatibilityNotes({ operation, older }),
    }),
  );
  return {
    operations,
    skipped: api.skipped.map((entry) => ({ ...entry, key: mountedKey({ key: entry.key, prefix }) })),
    spec: {
      name: upstream.displayName,
      version: version.version,
      sha256: version.sha256,
      mount: upstream.mount,
      apiVersionPath: upstream.apiVersionPath,
      compatibleWith: older.map((entry) => entry.version),
      toolPrefix: upstream.toolPrefix,
    } satisfies NestedUpstreamSpec,
  };
}

/** The earlier recorded versions, read for their operations and parameters only. */
async function olderVersions(options: {
  context: NestedContext;
  upstream: NestedUpstream;
  at: readonly (string | number)[];
}) {
  const { context, upstream } = options;
  return Promise.all(
    upstream.versions.slice(0, -1).map(async (version, index) => {
      const file = await checkedSpecPath({
        source: context.specs,
        version: { ...version, patch: 0 },
        targetFile: context.targetPath,
        index,
        at: [...options.at, 'versions', index],
      });
      return { version: version.version, operations: await knownOperations(file) };
    }),
  );
}

function mountedKey(options: { key: string; prefix: string }): string {
  const [method, path] = options.key.split(' ');
  return `${method} ${options.prefix}${path}`;
}

function mount(options: {
  operation: IrOperation;
  upstream: NestedUpstream;
  prefix: string;
  call: CallBehaviour | undefined;
  notes: string | undefined;
}): IrOperation {
  const { operation, upstream, prefix } = options;
  const mountParameters: IrParameter[] = Object.entries(upstream.mountParams).map(([name, param]) => ({
    name,
    location: 'path',
    required: true,
    description: param.description,
    schema: { type: param.type },
  }));
  const description = [operation.description, options.notes].filter(Boolean).join('\n\n');
  return {
    ...operation,
    key: mountedKey({ key: operation.key, prefix }),
    path: `${prefix}${operation.path}`,
    tags: upstream.tags,
    parameters: [...mountParameters, ...callParameters({ parameters: operation.parameters, call: options.call })],
    ...(description ? { description } : {}),
    namePrefix: upstream.toolPrefix,
    ...(options.call ? { call: options.call } : {}),
  };
}

/** Fixed query values are not arguments; defaults show in the argument's schema. */
function callParameters(options: {
  parameters: readonly IrParameter[];
  call: CallBehaviour | undefined;
}): IrParameter[] {
  const fixed = options.call?.fixedQuery ?? {};
  const defaults = options.call?.defaults ?? {};
  return options.parameters
    .filter((parameter) => !(parameter.location === 'query' && parameter.name in fixed))
    .map((parameter) =>
      parameter.location === 'query' && parameter.name in defaults
        ? { ...parameter, schema: { ...parameter.schema, default: defaults[parameter.name] } }
        : parameter,
    );
}

/** `calls` entries by operationId or `METHOD /path`; each must match an operation and name real query parameters. */
function callRules(options: {
  upstream: NestedUpstream;
  api: IrApi;
  file: string;
  at: readonly (string | number)[];
}): Map<string, CallBehaviour> {
  const byKey = new Map<string, CallBehaviour>();
  for (const [entry, rule] of Object.entries(options.upstream.calls)) {
    const where = `${options.file}#${pointer(...options.at, 'calls', entry)}`;
    const operation = options.api.operations.find(
      (candidate) => candidate.operationId === entry || candidate.key === entry,
    );
    if (!operation)
      throw new InputError(where, 'this call rule matches no operation (skipped operations cannot have one)');
    byKey.set(operation.key, behaviour({ rule, operation, where }));
  }
  return byKey;
}

function behaviour(options: { rule: CallRule; operation: IrOperation; where: string }): CallBehaviour {
  const { rule, operation, where } = options;
  const query = new Set(
    operation.parameters.filter((parameter) => parameter.location === 'query').map((parameter) => parameter.name),
  );
  for (const name of [...Object.keys(rule.fixedQuery ?? {}), ...Object.keys(rule.defaults ?? {})]) {
    if (!query.has(name)) throw new InputError(where, `'${name}' is not a query parameter of ${operation.key}`);
  }
  const accept = rule.response && operation.responseMediaTypes ? operation.responseMediaTypes.join(', ') : undefined;
  return {
    ...(rule.response ? { response: rule.response } : {}),
    ...(accept ? { accept } : {}),
    ...(rule.fixedQuery ? { fixedQuery: rule.fixedQuery } : {}),
    ...(rule.defaults ? { defaults: rule.defaults } : {}),
  };
}
