/**
 * What a generated package ships, checked with the tools its users and publishers run:
 * mcpb (validate, pack, and the host's own config resolution), publint, npm pack, and a
 * Dockerfile parser plus linter (there is no Docker engine here: the image's settings are
 * exercised by running the bundled server with exactly the Dockerfile's ENV and ENTRYPOINT,
 * and its HEALTHCHECK command against it).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getMcpConfigForManifest, hasRequiredConfigMissing, type McpbManifestAny } from '@anthropic-ai/mcpb';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdioClient } from '../../../test/support/mcp-stdio-client.js';
import { runGenerate } from '../src/cli/generate-command.js';
import { DEFAULTS } from '../src/cli/paths.js';
import type { GenerationReport } from '../src/pipeline/generate.js';

/** The tool data a server reads beside its bundle (index and listing at start-up, specs and search later). */
const DATA_FILES = ['dist/index.json', 'dist/listing.jsonl', 'dist/search.json', 'dist/tools.jsonl'];

const require = createRequire(import.meta.url);
const MCPB_CLI = path.join(path.dirname(require.resolve('@anthropic-ai/mcpb')), 'cli', 'cli.js');

/** What each target file (specs/*.yaml) says; written out here so that the test does not read it back from the output. */
interface Case {
  readonly target: string;
  readonly version: string;
  readonly folder: string;
  readonly bin: string;
  readonly urlEnv: string;
  readonly credentialEnv: readonly string[];
  /** user_config answers for the required credential settings. */
  readonly credentialAnswers: Readonly<Record<string, string>>;
  readonly httpPrefix: string;
  readonly transportEnv: string;
  readonly port: number;
}

const CASES: readonly Case[] = [
  {
    target: 'portainer',
    version: '2.43.0',
    folder: 'mcp-portainer-2.43',
    bin: 'mcp-portainer',
    urlEnv: 'PORTAINER_URL',
    credentialEnv: ['PORTAINER_API_KEY'],
    credentialAnswers: { portainer_api_key: 'ptr_test-key' },
    httpPrefix: 'PORTAINER_MCP_',
    transportEnv: 'PORTAINER_MCP_TRANSPORT',
    port: 17717,
  },
  {
    target: 'pve',
    version: '9.2',
    folder: 'mcp-pve-9.2',
    bin: 'mcp-pve',
    urlEnv: 'PVE_BASE_URL',
    credentialEnv: ['PVE_TOKEN_ID', 'PVE_TOKEN_SECRET', 'PVE_USERNAME', 'PVE_PASSWORD'],
    credentialAnswers: { pve_token_id: 'root@pam!mcp', pve_token_secret: '00000000-0000-0000-0000-000000000000' },
    httpPrefix: 'MCP_',
    transportEnv: 'MCP_TRANSPORT',
    port: 3000,
  },
];

const GATE_TOKEN = 'test-gate-token-0123456789abcdef0123';

let root: string;
const reports = new Map<string, GenerationReport>();

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'mcpgen-contents-'));
  for (const testCase of CASES) {
    const [report] = await runGenerate({
      targets: [testCase.target],
      versions: [testCase.version],
      targetsDir: DEFAULTS.targetsDir,
      specsDir: DEFAULTS.specsDir,
      outDir: path.join(root, 'out'),
    });
    reports.set(testCase.folder, report!);
  }
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Each schema dialect's data, beside the bundle (read only when that dialect is chosen). */
const DIALECT_FILES = [
  'dist/gemini.calls.json',
  'dist/gemini.listing.json',
  'dist/openai-strict.calls.json',
  'dist/openai-strict.listing.json',
];

/** What both the npm package and the MCPB bundle carry: the launcher, the server and its data files. */
function shippedFiles(binFile: string): string[] {
  return ['LICENSE', 'README.md', binFile, ...DATA_FILES, ...DIALECT_FILES, 'dist/server.cjs', 'package.json'];
}

describe.each(CASES)('$folder', (testCase) => {
  const packageDir = () => path.join(root, 'out', testCase.folder);
  const binFile = `dist/${testCase.bin}.js`;

  describe('MCP bundle', () => {
    it('manifest.json passes `mcpb validate`, and `mcpb pack` builds a bundle of only what the server needs', async () => {
      const validation = await run({
        command: process.execPath,
        args: [MCPB_CLI, 'validate', path.join(packageDir(), 'manifest.json')],
      });
      expect(validation.code, validation.stdout + validation.stderr).toBe(0);
      expect(validation.stdout).toContain('Manifest schema validation passes!');

      const unpacked = await packAndUnpackBundle({ packageDir: packageDir(), name: testCase.bin });
      expect(listTree(unpacked)).toEqual([...shippedFiles(binFile), 'manifest.json'].sort());
    });

    it('declares the URL and the credential as required user_config, the credential as sensitive, and starts stdio', () => {
      const manifest = readManifest(packageDir());
      expect(manifest.manifest_version).toBe('0.2');
      expect(manifest.name).toBe(testCase.bin);
      expect(manifest.version).toBe(reports.get(testCase.folder)!.packageVersion);
      expect(manifest.server).toMatchObject({
        type: 'node',
        entry_point: binFile,
        mcp_config: { command: 'node', args: [`\${__dirname}/${binFile}`] },
      });
      const config = manifest.user_config ?? {};
      const env = manifest.server.mcp_config.env ?? {};
      expect(env[testCase.urlEnv]).toBe(`\${user_config.${testCase.urlEnv.toLowerCase()}}`);
      expect(config[testCase.urlEnv.toLowerCase()]).toMatchObject({ type: 'string', required: true });
      const answered = Object.keys(testCase.credentialAnswers);
      expect(answered.every((key) => config[key]?.required === true)).toBe(true);
      expect(answered.some((key) => config[key]?.sensitive === true)).toBe(true);
      // Every optional setting has a default: hosts leave placeholders of unset options unreplaced.
      for (const [key, option] of Object.entries(config))
        expect(option.required === true || option.default !== undefined, key).toBe(true);
      // The bundle runs the stdio server: no transport switch, no HTTP variables.
      expect(
        Object.keys(env).filter((name) => name.startsWith(testCase.httpPrefix) || name === testCase.transportEnv),
      ).toEqual([]);
      expect(hasRequiredConfigMissing({ manifest, userConfig: {} })).toBe(true);
    });

    it('the unpacked bundle starts from mcp_config as an MCPB host resolves it, serving the default selection', async () => {
      const unpacked = await packAndUnpackBundle({ packageDir: packageDir(), name: testCase.bin });
      const manifest = readManifest(unpacked);
      const userConfig = { [testCase.urlEnv.toLowerCase()]: 'http://127.0.0.1:9', ...testCase.credentialAnswers };
      const resolved = await getMcpConfigForManifest({
        manifest,
        extensionPath: unpacked,
        systemDirs: {},
        userConfig,
        pathSeparator: path.sep,
      });
      expect(resolved).toBeDefined();
      const env = resolved!.env ?? {};
      expect(Object.values(env).filter((value) => value.includes('${'))).toEqual([]);
      const connected = await connectStdioClient({ command: process.execPath, args: resolved!.args ?? [], env });
      try {
        const { tools } = await connected.client.listTools();
        expect(tools.length, connected.stderr()).toBe(reports.get(testCase.folder)!.metrics[0]!.listed);
      } finally {
        await connected.close();
      }
    });
  });

  describe('npm tarball', () => {
    it('`npm pack --dry-run --json` lists exactly package.json, README.md, CHANGES.md, LICENSE, the bin, the server bundle, its data files and the dialect files', async () => {
      const result = await run({
        command: 'npm',
        args: ['pack', '--dry-run', '--json', '--ignore-scripts'],
        cwd: packageDir(),
      });
      expect(result.code, result.stderr).toBe(0);
      const [entry] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
      expect(entry!.files.map((file) => file.path).sort()).toEqual([...shippedFiles(binFile), 'CHANGES.md'].sort());
      expect(readFileSync(path.join(packageDir(), 'README.md'), 'utf8')).toContain('[CHANGES.md](CHANGES.md)');
    });

    it('publint reports no error, warning or suggestion, run its own way (npm pack of the folder) and on the tarball', async () => {
      const destination = mkdtempSync(path.join(root, 'pack-'));
      const result = await run({
        command: 'npm',
        args: ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
        cwd: packageDir(),
      });
      expect(result.code, result.stderr).toBe(0);
      const [entry] = JSON.parse(result.stdout) as { filename: string }[];
      const bytes = readFileSync(path.join(destination, entry!.filename));
      const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      for (const options of [{ pkgDir: packageDir(), pack: 'npm' as const }, { pack: { tarball } }]) {
        const { messages, pkg } = await publint({ ...options, level: 'suggestion', strict: true });
        expect(pkg.name).toBe(testCase.bin);
        expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`)).toEqual(
          [],
        );
      }
    });
  });

  describe('Dockerfile', () => {
    const dockerfile = () => readFileSync(path.join(packageDir(), 'Dockerfile'), 'utf8');

    it('parses and lints clean', () => {
      expect(
        lintDockerfile(dockerfile()).map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`),
      ).toEqual([]);
      const parsed = DockerfileParser.parse(dockerfile());
      expect(parsed.getInstructions().map((instruction) => instruction.getKeyword())).toEqual([
        'FROM',
        'LABEL',
        'WORKDIR',
        'COPY',
        'COPY',
        'ENV',
        'USER',
        'EXPOSE',
        'HEALTHCHECK',
        'ENTRYPOINT',
      ]);
      const [from] = parsed.getFROMs();
      expect(from!.getImageName()).toBe('node');
      expect(from!.getImageTag()).toMatch(/^(2[2-9]|[3-9]\d)-alpine$/);
    });

    it('runs as a non-root user, turns HTTP on at 0.0.0.0:<default port>, checks /health and runs the bin', () => {
      const parsed = DockerfileParser.parse(dockerfile());
      const users = instructions(parsed, 'USER').map((instruction) => instruction.getArgumentsContent());
      expect(users).toHaveLength(1);
      expect(users[0]).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
      expect(lineOf(parsed, 'USER')).toBeLessThan(lineOf(parsed, 'ENTRYPOINT'));
      expect(environment(parsed)).toEqual({
        [testCase.transportEnv]: 'http',
        [`${testCase.httpPrefix}HTTP_HOST`]: '0.0.0.0',
        [`${testCase.httpPrefix}HTTP_PORT`]: String(testCase.port),
        [`${testCase.httpPrefix}LOG_FORMAT`]: 'json',
      });
      expect(instructions(parsed, 'EXPOSE').map((instruction) => instruction.getArgumentsContent())).toEqual([
        String(testCase.port),
      ]);
      const health = healthcheck(parsed);
      expect(health.command[0]).toBe('node');
      expect(health.command.join(' ')).toContain("path:'/health'");
      expect(health.flags).toMatchObject({ interval: expect.any(String), timeout: expect.any(String) });
      const entrypoint = parsed
        .getENTRYPOINTs()[0]!
        .getJSONStrings()
        .map((value) => value.getJSONValue());
      const workdir = instructions(parsed, 'WORKDIR')[0]!.getArgumentsContent();
      expect(entrypoint).toEqual(['node', `${workdir}/${binFile}`]);
      const pkg = JSON.parse(readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as {
        bin: Record<string, string>;
      };
      expect(pkg.bin[testCase.bin]).toBe(binFile);
    });

    it('bakes in no secret and no TLS posture, and names the variables the operator must set', () => {
      const parsed = DockerfileParser.parse(dockerfile());
      const declared = [
        ...Object.keys(environment(parsed)),
        ...parsed.getARGs().flatMap((arg) => arg.getProperty()?.getName() ?? []),
      ];
      const operatorOnly = [
        ...testCase.credentialEnv,
        testCase.urlEnv,
        ...[
          'AUTH_TOKEN',
          'TLS_CERT',
          'TLS_KEY',
          'TRUST_PROXY_TLS',
          'FORWARDED_ALLOW_IPS',
          'DANGEROUSLY_ALLOW_PLAINTEXT_HTTP',
          'ALLOW_SERVER_CREDENTIAL',
        ].map((name) => `${testCase.httpPrefix}${name}`),
      ];
      expect(declared.filter((name) => operatorOnly.includes(name))).toEqual([]);
      const comments = parsed
        .getComments()
        .map((comment) => comment.getContent())
        .join('\n');
      for (const name of [
        testCase.urlEnv,
        ...[
          'AUTH_TOKEN',
          'ALLOWED_HOSTS',
          'TLS_CERT',
          'TLS_KEY',
          'TRUST_PROXY_TLS',
          'FORWARDED_ALLOW_IPS',
          'DANGEROUSLY_ALLOW_PLAINTEXT_HTTP',
        ].map((name) => `${testCase.httpPrefix}${name}`),
      ]) {
        expect(comments, name).toContain(name);
      }
    });

    it('copies only files the .dockerignore lets into the build context', () => {
      const parsed = DockerfileParser.parse(dockerfile());
      const sources = instructions(parsed, 'COPY').flatMap((instruction) =>
        instruction
          .getArguments()
          .slice(0, -1)
          .map((argument) => argument.getValue().replace(/\/$/, '')),
      );
      expect(sources.sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
      const [first, ...exceptions] = readFileSync(path.join(packageDir(), '.dockerignore'), 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'));
      expect(first).toBe('*');
      expect(exceptions.sort()).toEqual(sources.map((source) => `!${source}`).sort());
    });

    it("with the image's settings the server refuses to start without a TLS posture, and with one passes the HEALTHCHECK", async () => {
      const parsed = DockerfileParser.parse(dockerfile());
      const workdir = instructions(parsed, 'WORKDIR')[0]!.getArgumentsContent()!;
      const [command, ...args] = parsed
        .getENTRYPOINTs()[0]!
        .getJSONStrings()
        .map((value) => value.getJSONValue().replace(`${workdir}/`, `${packageDir()}/`));
      expect(command).toBe('node');
      const port = await freePort();
      const image = {
        PATH: process.env.PATH ?? '',
        ...environment(parsed),
        [`${testCase.httpPrefix}HTTP_PORT`]: String(port),
      };
      const operator = { [testCase.urlEnv]: 'http://127.0.0.1:9', [`${testCase.httpPrefix}AUTH_TOKEN`]: GATE_TOKEN };

      const refused = await run({ command: process.execPath, args, env: { ...image, ...operator } });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `${testCase.httpPrefix}HTTP_HOST: binding 0.0.0.0 (not loopback) needs a TLS posture`,
      );

      const posture = {
        [`${testCase.httpPrefix}TRUST_PROXY_TLS`]: '1',
        [`${testCase.httpPrefix}FORWARDED_ALLOW_IPS`]: '127.0.0.1',
      };
      const env = { ...image, ...operator, ...posture };
      const server = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        const { command: probe } = healthcheck(parsed);
        const healthy = await poll(
          async () => (await run({ command: process.execPath, args: probe.slice(1), env })).code === 0,
          15_000,
        );
        expect(healthy, stderr).toBe(true);
      } finally {
        await stop(server);
      }
      // The probe fails when nothing answers, so a passing check means something.
      const { command: probe } = healthcheck(parsed);
      expect((await run({ command: process.execPath, args: probe.slice(1), env })).code).toBe(1);
    });
  });

  it('the MCP bundle and the container files stay out of the npm tarball but sit in the package folder', () => {
    expect(listTree(packageDir())).toEqual(
      expect.arrayContaining(['.dockerignore', '.mcpbignore', 'Dockerfile', 'manifest.json']),
    );
    const pkg = JSON.parse(readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toEqual(['dist', 'README.md', 'CHANGES.md', 'LICENSE']);
  });
});

/** `mcpb pack` of the package folder, then `mcpb unpack` of the bundle, as a host installs it. */
async function packAndUnpackBundle(options: { packageDir: string; name: string }): Promise<string> {
  const work = mkdtempSync(path.join(root, 'mcpb-'));
  const bundle = path.join(work, `${options.name}.mcpb`);
  const pack = await run({ command: process.execPath, args: [MCPB_CLI, 'pack', options.packageDir, bundle] });
  expect(pack.code, pack.stdout + pack.stderr).toBe(0);
  const unpacked = path.join(work, 'unpacked');
  const unpack = await run({ command: process.execPath, args: [MCPB_CLI, 'unpack', bundle, unpacked] });
  expect(unpack.code, unpack.stdout + unpack.stderr).toBe(0);
  return unpacked;
}

function readManifest(
  packageDir: string,
): McpbManifestAny & { user_config?: Record<string, { required?: boolean; sensitive?: boolean; default?: unknown }> } {
  return JSON.parse(readFileSync(path.join(packageDir, 'manifest.json'), 'utf8'));
}

function instructions(parsed: Dockerfile, keyword: string) {
  return parsed.getInstructions().filter((instruction) => instruction.getKeyword() === keyword);
}

function lineOf(parsed: Dockerfile, keyword: string): number {
  return instructions(parsed, keyword)[0]!.getRange().start.line;
}

function environment(parsed: Dockerfile): Record<string, string> {
  return Object.fromEntries(
    parsed
      .getENVs()
      .flatMap((env) => env.getProperties().map((property) => [property.getName(), property.getValue() ?? ''])),
  );
}

/** HEALTHCHECK [flags] CMD ["exec", "form"]: the flags and the parsed command. */
function healthcheck(parsed: Dockerfile): { flags: Record<string, string>; command: string[] } {
  const [instruction, ...more] = parsed.getHEALTHCHECKs();
  expect(more).toEqual([]);
  expect(instruction!.getSubcommand()?.getValue()).toBe('CMD');
  const content = instruction!.getArgumentsContent()!;
  const command = JSON.parse(content.slice(content.indexOf('CMD') + 3).trim()) as string[];
  const flags = Object.fromEntries(instruction!.getFlags().map((flag) => [flag.getName(), flag.getValue() ?? '']));
  return { flags, command };
}

function listTree(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Runs a command to completion. npm gets neither pnpm's nor npm's `npm_config_*` variables from
 * the test runner (they would change what it packs), nor a registry it could reach.
 */
function run(options: {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env =
    options.env ?? Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));
  const registry = options.command === 'npm' ? ['--registry', 'http://127.0.0.1:9/', '--no-update-notifier'] : [];
  return new Promise((resolve) => {
    execFile(
      options.command,
      [...options.args, ...registry],
      { cwd: options.cwd, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('every package `pnpm generate` wrote to out/', () => {
  const outDir = DEFAULTS.outDir;
  const packages = existsSync(outDir)
    ? readdirSync(outDir).filter((name) => existsSync(path.join(outDir, name, 'package.json')))
    : [];

  it.each(packages)(
    '%s passes publint with no error, warning or suggestion',
    async (name) => {
      const { messages, pkg } = await publint({
        pkgDir: path.join(outDir, name),
        pack: 'npm',
        level: 'suggestion',
        strict: true,
      });
      expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`)).toEqual(
        [],
      );
    },
    60_000,
  );

  it('found the packages (pnpm test generates them first)', () => {
    expect(packages.length).toBeGreaterThanOrEqual(5);
  });
});
