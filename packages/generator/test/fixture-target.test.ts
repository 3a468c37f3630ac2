/**
 * A new target is a new file: `test/fixtures/targets/gizmo.yaml` (its own auth header, variable
 * names, naming rule and name override, over a small OpenAPI fixture) is found by listing the targets
 * folder, generated, and served, and the server sends the target's own header upstream. Nothing in
 * the generator or the runtime names this target.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectFiles, type TargetSpec, type ToolSpec } from '../../runtime/src/index.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import { identity, prepare } from '../../runtime/src/server/prepare.js';
import { connectInMemory } from '../../runtime/test/in-memory.js';
import { runGenerate } from '../src/cli/generate-command.js';
import { REPO_ROOT } from '../src/cli/paths.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
// Inside the repository (git-ignored) so that the generated sources resolve like the repository's own.
mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
const scratch = mkdtempSync(path.join(REPO_ROOT, '.tmp', 'fixture-target-'));
const targetsDir = path.join(scratch, 'targets');
const outDir = path.join(scratch, 'out');
const packageDir = path.join(outDir, 'mcp-gizmo-1.0');

let upstream: Server;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  mkdirSync(targetsDir);
  copyFileSync(path.join(FIXTURES, 'targets/gizmo.yaml'), path.join(targetsDir, 'gizmo.yaml'));
  // No target named: every targets/*.yaml is a target.
  await runGenerate({ targetsDir, specsDir: path.join(FIXTURES, 'openapi'), outDir });
  upstream = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"name":"sprocket"}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

async function generated(): Promise<{ target: TargetSpec; tools: readonly ToolSpec[] }> {
  const { target } = (await import(path.join(packageDir, 'src/target.gen.ts'))) as { target: TargetSpec };
  const { tools } = (await import(path.join(packageDir, 'src/tools.gen.ts'))) as { tools: readonly ToolSpec[] };
  return { target, tools };
}

describe('a target that is only a target file', () => {
  it('gets tool names from its own naming rule and override', async () => {
    const { tools } = await generated();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['get_widgets', 'widget_part']);
  });

  it('documents its own variables and header in the README', () => {
    const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
    expect(readme).toContain("--env 'GIZMO_HUB_URL=https://gizmo.example.com' --env 'GIZMO_TOKEN=<your-api-key>'");
    expect(readme).toContain('| `GIZMO_TOKEN` | (required) | API key, sent as `X-Gizmo-Token`. |');
    expect(readme).toContain('| `GIZMO_TIMEOUT` | `15` |');
    expect(readme).toContain('turn secret redaction off (passwords, gizmo keys)');
    expect(readme).toContain('| `GIZMO_SCHEMA_FLAVOUR` | `default` |');
    expect(readme).not.toMatch(/PORTAINER|PVE|Kubernetes/);
  });

  it('serves its tools and sends its own credential header upstream', async () => {
    const { target, tools } = await generated();
    const port = (upstream.address() as AddressInfo).port;
    const env = { GIZMO_HUB_URL: `http://127.0.0.1:${port}`, GIZMO_TOKEN: 'gizmo-secret', GIZMO_LOG_LEVEL: 'error' };
    const prepared = prepare({ definition: { target, tools }, env });
    const server = createMcpServer({
      identity: identity(prepared),
      registry: prepared.registry,
      context: prepared.context,
      user: 'local',
      surface: prepared.surface,
    });
    const { client, close } = await connectInMemory(server);
    try {
      const result = await client.callTool({ name: 'get_widgets', arguments: { id: 7 } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: 7, name: 'sprocket' });
      expect(seen.at(-1)?.url).toBe('/api/widgets/7');
      expect(seen.at(-1)?.headers['x-gizmo-token']).toBe('gizmo-secret');
    } finally {
      await close();
    }
  });

  it('serves each schema dialect under its own variable name, from the files beside its bundle', async () => {
    const { target, tools } = await generated();
    const env = { GIZMO_HUB_URL: 'http://127.0.0.1:9', GIZMO_TOKEN: 'gizmo-secret', GIZMO_LOG_LEVEL: 'error' };
    const dialects = dialectFiles(path.join(packageDir, 'dist'));
    for (const dialect of ['openai-strict', 'gemini']) {
      const prepared = prepare({
        definition: { target, tools, dialects },
        env: { ...env, GIZMO_SCHEMA_FLAVOUR: dialect },
      });
      expect(prepared.registry.dialect?.name).toBe(dialect);
      expect(prepared.surface.listing.map((tool) => tool.name).sort()).toEqual(['get_widgets', 'widget_part']);
    }
  });
});
