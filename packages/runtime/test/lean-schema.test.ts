import { afterEach, describe, expect, it } from 'vitest';
import type { JsonSchema } from '../src/catalog/types.js';
import { createMcpServer } from '../src/server/create-server.js';
import { createRegistry } from '../src/server/registry.js';
import { dispatchCall } from '../src/tools/dispatch.js';
import { leanSchema } from '../src/tools/lean-schema.js';
import {
  applicationCreate,
  endpointInspect,
  fakeContext,
  LONG_DESCRIPTION,
  pveVmCreate,
  SELECT_PROPERTY,
  tools,
  upstreamResponse,
} from './fixtures.js';
import { connectInMemory } from './in-memory.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The 160-character cap: 159 characters, trailing blanks trimmed, and an ellipsis. */
const CAPPED = `${LONG_DESCRIPTION.slice(0, 159).trimEnd()}…`;

/** A valid call of the deep tool. */
function validArgs() {
  return {
    environmentId: 1,
    name: 'web',
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'web' } },
        containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
      },
    },
  };
}

function props(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  return (schema?.properties ?? {}) as Record<string, JsonSchema>;
}

describe('leanSchema', () => {
  it('summarises objects nested below depth 2 with their field names and keeps everything above', async () => {
    expect(leanSchema(applicationCreate.inputSchema)).toEqual({
      type: 'object',
      properties: {
        environmentId: { type: 'integer', description: 'Environment identifier' },
        name: { type: 'string', description: CAPPED },
        spec: {
          type: 'object',
          description: 'Deployment spec.',
          properties: {
            replicas: { type: 'integer', minimum: 0 },
            strategy: { type: 'string', enum: ['RollingUpdate', 'Recreate'], default: 'RollingUpdate' },
            template: {
              type: 'object',
              properties: {
                // Depth 3: an object keeps its own description, then lists its fields.
                metadata: { type: 'object', description: 'Pod metadata. Object with fields labels, annotations.' },
                // A list of objects is summarised the same way, as a list.
                containers: {
                  type: 'array',
                  items: { type: 'object' },
                  description: 'List of objects with fields name, image, ports.',
                },
                // Scalars at depth 3 are not structured: kept whole.
                restartPolicy: { type: 'string', enum: ['Always', 'OnFailure', 'Never'] },
              },
              required: ['containers'],
            },
          },
          required: ['template'],
          additionalProperties: false,
        },
      },
      required: ['environmentId', 'name', 'spec'],
      additionalProperties: false,
    });
  });

  it('caps descriptions at 160 characters with an ellipsis and leaves shorter ones whole', async () => {
    const lean = leanSchema(applicationCreate.inputSchema);
    const name = props(lean).name!;
    expect(name.description).toBe(CAPPED);
    expect((name.description as string).length).toBeLessThanOrEqual(160);
    expect(name.description).toMatch(/…$/);
    const exact = 'x'.repeat(160);
    expect(leanSchema({ type: 'object', properties: { a: { type: 'string', description: exact } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'string', description: exact } },
    });
  });

  it('drops title, examples, example, contentMediaType and propertyNames, but keeps properties called so', async () => {
    const schema: JsonSchema = {
      type: 'object',
      title: 'Input',
      properties: {
        title: { type: 'string', title: 'Title', example: 'x' },
        examples: { type: 'array', items: { type: 'string' }, examples: [['a']] },
        file: { type: 'string', contentMediaType: 'application/octet-stream' },
      },
    };
    expect(leanSchema(schema)).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string' },
        examples: { type: 'array', items: { type: 'string' } },
        file: { type: 'string' },
      },
    });
    // PVE's indexed families lose their propertyNames pattern in the listing only.
    expect(props(leanSchema(pveVmCreate.inputSchema)).net).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
  });

  it('walks anyOf, items and additionalProperties at the depth of their parent', async () => {
    // Under a depth-1 property: `a` sits at depth 2 (kept), `b` at depth 3 (summarised).
    const deep = {
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 'string' } } } } },
      },
    };
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        one: { anyOf: [{ type: 'string' }, deep] },
        list: { type: 'array', items: deep },
        map: { type: 'object', additionalProperties: deep },
      },
    };
    const kept = {
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'object', description: 'Object with fields c.' } } },
      },
    };
    expect(leanSchema(schema)).toEqual({
      type: 'object',
      properties: {
        one: { anyOf: [{ type: 'string' }, kept] },
        list: { type: 'array', items: kept },
        map: { type: 'object', additionalProperties: kept },
      },
    });
  });

  it('takes the depth and the description cap as options', async () => {
    const lean = leanSchema(applicationCreate.inputSchema, { maxDepth: 0, maxDescription: 20 });
    expect(props(lean).spec).toEqual({
      type: 'object',
      description: 'Deployment spec. Object with fields replicas, strategy, template.',
    });
    expect(props(lean).name).toEqual({ type: 'string', description: 'Name of the applica…' });
  });

  it('does not change the schema it is given', async () => {
    const before = JSON.stringify(applicationCreate.inputSchema);
    leanSchema(applicationCreate.inputSchema);
    expect(JSON.stringify(applicationCreate.inputSchema)).toBe(before);
  });
});

describe('lean listing, full validation', () => {
  const registry = createRegistry({
    all: [...tools, applicationCreate],
    enabled: [endpointInspect, applicationCreate],
  });

  it('lists the lean schema and registers the full one', async () => {
    const listed = registry.listed.find((tool) => tool.name === applicationCreate.name)!;
    const known = registry.known.get(applicationCreate.name)!;
    expect(listed.inputSchema).toEqual({
      ...leanSchema(applicationCreate.inputSchema),
      properties: { ...props(leanSchema(applicationCreate.inputSchema)), select: SELECT_PROPERTY },
    });
    expect(known.inputSchema).toEqual({
      ...applicationCreate.inputSchema,
      properties: { ...props(applicationCreate.inputSchema), select: SELECT_PROPERTY },
    });
    const template = (schema: JsonSchema) => props(props(props(schema).spec).template);
    expect(template(listed.inputSchema).containers).toEqual({
      type: 'array',
      items: { type: 'object' },
      description: 'List of objects with fields name, image, ports.',
    });
    expect(template(known.inputSchema).containers).toEqual(
      props(props(props(applicationCreate.inputSchema).spec).template).containers,
    );
  });

  it('lists a tool in fewer characters than its full schema would take', async () => {
    const listed = registry.listed.find((tool) => tool.name === applicationCreate.name)!;
    const full = {
      name: applicationCreate.name,
      title: applicationCreate.annotations.title,
      description: applicationCreate.description,
      inputSchema: registry.known.get(applicationCreate.name)!.inputSchema,
      annotations: applicationCreate.annotations,
    };
    const leanSize = JSON.stringify(listed).length;
    const fullSize = JSON.stringify(full).length;
    expect(leanSize).toBeLessThan(fullSize);
    // Not a rounding error: the nested detail and the long description are most of this schema.
    expect(leanSize).toBeLessThan(fullSize * 0.8);
    // A flat tool loses only its second title.
    const flat = registry.listed.find((tool) => tool.name === 'endpoint_inspect')!;
    expect(JSON.stringify(flat).length).toBe(
      JSON.stringify({ ...flat, annotations: endpointInspect.annotations }).length -
        `"title":${JSON.stringify(endpointInspect.annotations.title)},`.length,
    );
  });

  it('refuses a deep argument of the wrong type, which the lean schema does not show, before sending anything', async () => {
    const fake = fakeContext();
    const args = validArgs();
    args.spec.template.containers[0]!.ports[0]!.containerPort = '80' as unknown as number;
    const result = await dispatchCall({
      tool: registry.known.get(applicationCreate.name),
      enabled: true,
      name: applicationCreate.name,
      args,
      context: fake.context,
    });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'Invalid arguments for kubernetes_application_create: data/spec/template/containers/0/ports/0/containerPort must be integer',
        },
      ],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
    // The lean listing alone would have let it through: it knows only "a list of objects".
    const listed = registry.listed.find((tool) => tool.name === applicationCreate.name)!;
    expect((await fake.context.validator.check({ name: 'lean-only', schema: listed.inputSchema, args })).ok).toBe(true);
  });

  it('refuses a missing nested required field and a summarised object of the wrong kind', async () => {
    const fake = fakeContext();
    const missing = validArgs();
    delete (missing.spec.template.containers[0] as { image?: string }).image;
    const first = await dispatchCall({
      tool: registry.known.get(applicationCreate.name),
      enabled: true,
      name: applicationCreate.name,
      args: missing,
      context: fake.context,
    });
    expect(first.content[0]?.text).toBe(
      "Invalid arguments for kubernetes_application_create: data/spec/template/containers/0 must have required property 'image'",
    );
    const labels = validArgs();
    (labels.spec.template.metadata.labels as unknown as Record<string, unknown>).app = 5;
    const second = await dispatchCall({
      tool: registry.known.get(applicationCreate.name),
      enabled: true,
      name: applicationCreate.name,
      args: labels,
      context: fake.context,
    });
    expect(second.content[0]?.text).toBe(
      'Invalid arguments for kubernetes_application_create: data/spec/template/metadata/labels/app must be string',
    );
    expect(fake.sent).toEqual([]);
  });

  it('sends a valid deep call with its nested body unchanged', async () => {
    const fake = fakeContext({
      reply: () => upstreamResponse({ status: 201, statusText: 'Created', body: '{"Name":"web"}' }),
    });
    const args = validArgs();
    const result = await dispatchCall({
      tool: registry.known.get(applicationCreate.name),
      enabled: true,
      name: applicationCreate.name,
      args,
      context: fake.context,
    });
    expect(result.isError).toBeUndefined();
    expect(fake.sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /api/kubernetes/1/applications',
    ]);
    expect(JSON.parse(fake.sent[0]!.body!.toString())).toEqual({ name: 'web', spec: args.spec });
  });

  it('does the same over MCP: tools/list shows the summary, tools/call validates against the full schema', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{}' }) });
    const server = createMcpServer({
      identity: { name: 'mcp-portainer', version: '2.43.0' },
      registry,
      context: fake.context,
      user: 'local',
    });
    const { client, close } = await connectInMemory(server);
    closers.push(close);
    const { tools: listed } = await client.listTools();
    const app = listed.find((tool) => tool.name === applicationCreate.name)!;
    expect(app.title).toBe('Create a Kubernetes application');
    expect(app.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
    expect(JSON.stringify(app.inputSchema)).toContain('"List of objects with fields name, image, ports."');
    expect(JSON.stringify(app.inputSchema)).not.toContain('containerPort');
    const args = validArgs();
    args.spec.template.containers[0]!.ports[0]!.containerPort = '80' as unknown as number;
    const refused = await client.callTool({ name: applicationCreate.name, arguments: args });
    expect(refused.isError).toBe(true);
    expect(refused.content).toEqual([
      {
        type: 'text',
        text: 'Invalid arguments for kubernetes_application_create: data/spec/template/containers/0/ports/0/containerPort must be integer',
      },
    ]);
    expect(fake.sent).toEqual([]);
  });
});
