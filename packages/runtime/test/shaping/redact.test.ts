import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { prepare } from '../../src/server/prepare.js';
import { createRedactor, isSecretKey, REDACTED, redact } from '../../src/shaping/redact.js';
import { dispatchCall } from '../../src/tools/dispatch.js';
import { successResult, upstreamErrorResult, valueResult } from '../../src/tools/result.js';
import {
  dockerProxy,
  endpointInspect,
  fakeContext,
  kubernetesProxy,
  portainerEnv,
  pveContext,
  pveEnv,
  pveResponse,
  pveTarget,
  pveTools,
  recordingSend,
  registered,
  settingsInspect,
  target,
  tools,
  upstreamResponse,
} from '../fixtures.js';

const R = REDACTED;
const shape = { maxChars: 80_000 };

const PEM_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  'aGVsbG8gd29ybGQ=',
  '-----END PRIVATE KEY-----',
].join('\n');
const PEM_RSA = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  '-----END RSA PRIVATE KEY-----',
].join('\n');
const PEM_OPENSSH = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const PEM_CERT = ['-----BEGIN CERTIFICATE-----', 'MIIDazCCAlOgAwIBAgIUJ3k0', '-----END CERTIFICATE-----'].join('\n');

/** A Proxmox `POST /access/ticket` answer. */
const PVE_TICKET = 'PVE:root@pam:6650A1B2::c2lnbmF0dXJlc2lnbmF0dXJl';
const PVE_CSRF = '6650A1B2:Yk5mZ0hQc0FkR3lQbzZ3';

/** Dispatches one call the way the server does (registered tool, enabled). */
function call(
  context: ReturnType<typeof fakeContext>['context'],
  spec: Parameters<typeof registered>[0],
  args: unknown,
) {
  return dispatchCall({ tool: registered(spec), enabled: true, name: spec.name, args, context, operations: pveTools });
}

describe('redact: environment values', () => {
  it('keeps the names of KEY=value entries and hides the values (Docker Config.Env)', () => {
    const inspect = {
      Id: '3f2a',
      Config: {
        Image: 'postgres:16',
        Env: [
          'POSTGRES_PASSWORD=hunter2',
          'PGDATA=/var/lib/postgresql/data',
          'EMPTY=',
          'NOVALUE',
          'URL=postgres://u:p@db/x?a=b',
        ],
      },
    };
    expect(redact(inspect)).toEqual({
      Id: '3f2a',
      Config: {
        Image: 'postgres:16',
        Env: [`POSTGRES_PASSWORD=${R}`, `PGDATA=${R}`, `EMPTY=${R}`, 'NOVALUE', `URL=${R}`],
      },
    });
  });

  it('hides the value of {name, value} entries (Portainer stack Env, Kubernetes container env) and keeps the rest', () => {
    const stack = {
      Id: 4,
      Name: 'app',
      Env: [
        { name: 'API_URL', value: 'https://api.example.com' },
        { name: 'DB_PASSWORD', value: 'hunter2' },
      ],
    };
    expect(redact(stack)).toEqual({
      Id: 4,
      Name: 'app',
      Env: [
        { name: 'API_URL', value: R },
        { name: 'DB_PASSWORD', value: R },
      ],
    });
    const pod = {
      spec: {
        containers: [
          {
            name: 'api',
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
          },
        ],
      },
    };
    expect(redact(pod)).toEqual({
      spec: {
        containers: [
          {
            name: 'api',
            env: [
              { name: 'MODE', value: R },
              // A reference names where the secret is, not the secret: kept.
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
          },
        ],
      },
    });
  });

  it.each(['Env', 'env', 'environment', 'Environment', 'envVars', 'env_vars'])(
    'treats a list under %s as environment entries',
    (key) => {
      expect(redact({ [key]: ['A=b'] })).toEqual({ [key]: [`A=${R}`] });
    },
  );

  it('leaves KEY=value strings alone outside environment lists', () => {
    expect(redact({ Cmd: ['--mode=prod'], Labels: { 'com.example.x': 'a=b' }, Args: ['A=b'] })).toEqual({
      Cmd: ['--mode=prod'],
      Labels: { 'com.example.x': 'a=b' },
      Args: ['A=b'],
    });
  });
});

describe('redact: Kubernetes Secrets', () => {
  it('masks every value of data and stringData of a Secret, keeping the key names', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-creds', namespace: 'default' },
      type: 'Opaque',
      data: { username: 'YWRtaW4=', 'connection-string': 'cG9zdGdyZXM6Ly8=' },
      stringData: { 'config.yaml': 'user: admin' },
    };
    expect(redact(secret)).toEqual({
      ...secret,
      data: { username: R, 'connection-string': R },
      stringData: { 'config.yaml': R },
    });
  });

  it('masks the items of a SecretList by their type (list items carry no kind): Opaque and kubernetes.io/*', () => {
    const list = {
      kind: 'SecretList',
      apiVersion: 'v1',
      items: [
        { metadata: { name: 'a' }, type: 'Opaque', data: { token: 'dG9r', 'ca.crt': 'Y2E=' } },
        {
          metadata: { name: 'b' },
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': 'eyJhdXRocyI6e319' },
        },
        { metadata: { name: 'c' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' } },
      ],
    };
    expect(redact(list)).toEqual({
      ...list,
      items: [
        { metadata: { name: 'a' }, type: 'Opaque', data: { token: R, 'ca.crt': R } },
        { metadata: { name: 'b' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': R } },
        { metadata: { name: 'c' }, type: 'kubernetes.io/tls', data: { 'tls.crt': R, 'tls.key': R } },
      ],
    });
  });

  it('leaves the data of a ConfigMap alone', () => {
    const configMap = {
      kind: 'ConfigMap',
      metadata: { name: 'app' },
      data: { 'app.properties': 'mode=prod', LOG_LEVEL: 'info' },
    };
    expect(redact(configMap)).toEqual(configMap);
  });

  // BUG (src/shaping/redact.ts, visit): a Secret is recognised by `kind: 'Secret'` or by a type of `Opaque` or
  // `kubernetes.io/*`. Items of a list answer (GET /api/v1/namespaces/x/secrets through kubernetes_proxy) carry no
  // `kind`, so a Secret of any other type, such as Helm's release secrets (`helm.sh/release.v1`, present in every
  // namespace with a Helm release and holding the release's values) or an operator's own type, keeps its data.
  it('masks the data of list items whose Secret type is not Opaque or kubernetes.io/* (Helm release secrets)', () => {
    const list = {
      kind: 'SecretList',
      items: [
        {
          metadata: { name: 'sh.helm.release.v1.db.v1', labels: { owner: 'helm' } },
          type: 'helm.sh/release.v1',
          data: { release: 'SDRzSUFBQUFBQUFDLzZ4' },
        },
        {
          metadata: { name: 'db-conn' },
          type: 'example.com/connection',
          data: { uri: 'cG9zdGdyZXM6Ly91OnBAZGIveA==' },
        },
      ],
    };
    const items = (redact(list) as { items: { data: Record<string, string> }[] }).items;
    expect(items.map((item) => item.data)).toEqual([{ release: R }, { uri: R }]);
  });
});

describe('redact: credentials by key name', () => {
  it('hides passwords, tokens, API keys, secrets, credentials and private keys wherever they sit', () => {
    const value = {
      Username: 'admin',
      Password: 'hunter2',
      NewPassword: 'hunter3',
      passwd: 'x',
      passphrase: 'correct horse',
      RepositoryPassword: 'ghp_pw',
      token: 'abc',
      'X-Setup-Token': 'setup',
      accessToken: 'eyJhbGciOi',
      apiKey: 'ptr_key',
      api_key: 'k1',
      'X-API-Key': 'k2',
      rawAPIKey: 'ptr_raw',
      privateKey: 'k3',
      private_key: 'k4',
      ClientSecret: 'oauth',
      servicePrincipalSecret: 'azure',
      credential: 'c',
      Authorization: 'Bearer x',
      cookie: 'a=b',
      otp: '123456',
      OAuthSettings: { ClientID: 'client-1', ClientSecret: 'oauth2' },
      registries: [{ Name: 'ghcr', Username: 'me', Password: 'ghp_secret' }],
    };
    expect(redact(value)).toEqual({
      Username: 'admin',
      Password: R,
      NewPassword: R,
      passwd: R,
      passphrase: R,
      RepositoryPassword: R,
      token: R,
      'X-Setup-Token': R,
      accessToken: R,
      apiKey: R,
      api_key: R,
      'X-API-Key': R,
      rawAPIKey: R,
      privateKey: R,
      private_key: R,
      ClientSecret: R,
      servicePrincipalSecret: R,
      credential: R,
      Authorization: R,
      cookie: R,
      otp: R,
      OAuthSettings: { ClientID: 'client-1', ClientSecret: R },
      registries: [{ Name: 'ghcr', Username: 'me', Password: R }],
    });
  });

  it('hides the Proxmox ticket and CSRFPreventionToken and keeps the rest of the login answer', () => {
    const login = {
      username: 'root@pam',
      ticket: PVE_TICKET,
      CSRFPreventionToken: PVE_CSRF,
      cap: { vms: { 'VM.Audit': 1 } },
    };
    expect(redact(login)).toEqual({
      username: 'root@pam',
      ticket: R,
      CSRFPreventionToken: R,
      cap: { vms: { 'VM.Audit': 1 } },
    });
  });

  it('leaves empty, null, boolean and numeric values under secret names as they are (nothing to hide, and flags stay useful)', () => {
    const value = { Password: '', token: null, secret: true, ticket: 0 };
    expect(redact(value)).toEqual(value);
  });

  it('does not touch the input', () => {
    const value = { Password: 'hunter2', Env: ['A=b'] };
    redact(value);
    expect(value).toEqual({ Password: 'hunter2', Env: ['A=b'] });
  });
});

describe('redact: private keys inside strings', () => {
  it('replaces PEM private key blocks of every kind inside a string and keeps the text around them and certificates', () => {
    const bundle = `${PEM_CERT}\n${PEM_KEY}\n`;
    expect(redact({ pem: bundle })).toEqual({ pem: `${PEM_CERT}\n${R}\n` });
    expect(redact(`key one:\n${PEM_RSA}\nkey two:\n${PEM_OPENSSH}\nend`)).toBe(`key one:\n${R}\nkey two:\n${R}\nend`);
    expect(redact([{ Content: `# compose\nconfigs:\n  key: |\n    ${PEM_KEY}` }])).toEqual([
      { Content: `# compose\nconfigs:\n  key: |\n    ${R}` },
    ]);
  });

  it('leaves a certificate alone', () => {
    expect(redact({ certificate: PEM_CERT })).toEqual({ certificate: PEM_CERT });
  });
});

describe('redact: Proxmox tickets and API tokens by shape', () => {
  it('hides a ticket glued to a word character, e.g. after an escaped newline in JSON text', () => {
    expect(redact(`task log: line one\\n${PVE_TICKET}`)).toBe(`task log: line one\\n${R}`);
  });

  it('hides Backup Server tickets and tokens too (PBS: tickets, PBSAPIToken=ID:SECRET)', () => {
    expect(redact('PBS:root@pam:6650A1B2::c2lnbmF0dXJlc2lnbmF0dXJl')).toBe(R);
    expect(redact('sent PBSAPIToken=backup@pbs!mcp:0b7b-secret')).not.toContain('0b7b-secret');
  });
});

describe('isSecretKey: no false positives on ids, flags and names about secrets', () => {
  it.each([
    'tokenId',
    'tokenid',
    'TokenID',
    'passwordSet',
    'PasswordSet',
    'secretName',
    'SecretName',
    'secretNames',
    'credentialID',
    'CredentialID',
    'TokenExpiry',
    'RequiredPasswordLength',
    'imagePullSecrets',
    'PortainerAuthorizations',
    'accessKeyID',
  ])('%s is not a secret', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it.each([
    'password',
    'Password',
    'DB_PASSWORD',
    'passwd',
    'passphrase',
    'secret',
    'clientSecret',
    'token',
    'CSRFPreventionToken',
    'apiKey',
    'api-key',
    'api_key',
    'privateKey',
    'private_key',
    'credential',
    'ticket',
    'csrf',
    'authorization',
    'PVEAuthCookie',
    'otp',
  ])('%s is a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it('keeps the values of such keys in an answer', () => {
    const tokens = {
      tokens: [{ tokenid: 'mcp', expire: 0, privsep: 1, comment: 'for the MCP server' }],
      passwordSet: 'yes',
      secretName: 'db-creds',
      tokenId: 'root@pam!mcp',
      CredentialID: 'cred-1',
    };
    expect(redact(tokens)).toEqual(tokens);
  });

  // BUG (src/shaping/redact.ts, SECRET_KEY): names are matched by their ending only, and `…Key` counts only as
  // `apiKey`/`privateKey`. Portainer's S3 backup settings (`GET /backup/s3/settings`, and the Portainer 2.43 inputs
  // `secretAccessKey`/`SecretAccessKey`) and settings' `KubeSecretKey` therefore pass unredacted.
  it('hides secret access keys (S3 backup settings)', () => {
    const settings = {
      accessKeyID: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      region: 'eu-west-1',
      bucketName: 'backups',
    };
    expect(redact(settings)).toEqual({ ...settings, secretAccessKey: R });
    expect(isSecretKey('SecretAccessKey')).toBe(true);
    expect(isSecretKey('KubeSecretKey')).toBe(true);
  });
});

describe('redaction in tool results', () => {
  it('redacts a JSON answer before it is returned as text and as structured content', async () => {
    const fake = fakeContext({
      reply: () =>
        upstreamResponse({ body: JSON.stringify([{ Id: '3f2a', Config: { Env: ['DB_PASSWORD=hunter2'] } }]) }),
    });
    const result = await call(fake.context, dockerProxy, { environment_id: 1, path: '/containers/3f2a/json' });
    expect(result).toEqual({
      content: [{ type: 'text', text: `[{"Id":"3f2a","Config":{"Env":["DB_PASSWORD=${R}"]}}]` }],
      structuredContent: { result: [{ Id: '3f2a', Config: { Env: [`DB_PASSWORD=${R}`] } }] },
    });
    expect(result.content[0]?.text).not.toContain('hunter2');
  });

  it('redacts a Kubernetes Secret read through the proxy', async () => {
    const secret = {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'db' },
      type: 'Opaque',
      data: { password: 'aHVudGVyMg==' },
    };
    const fake = fakeContext({ reply: () => upstreamResponse({ body: JSON.stringify(secret) }) });
    const result = await call(fake.context, kubernetesProxy, {
      environment_id: 1,
      path: '/api/v1/namespaces/default/secrets/db',
    });
    expect(result.structuredContent).toEqual({ ...secret, data: { password: R } });
  });

  it('redacts the Proxmox ticket answer inside the data envelope', () => {
    const response = pveResponse({ username: 'root@pam', ticket: PVE_TICKET, CSRFPreventionToken: PVE_CSRF });
    expect(successResult({ response, shape: { ...shape, envelope: 'data' } })).toEqual({
      content: [{ type: 'text', text: `{"username":"root@pam","ticket":"${R}","CSRFPreventionToken":"${R}"}` }],
      structuredContent: { username: 'root@pam', ticket: R, CSRFPreventionToken: R },
    });
  });

  it('redacts private keys in a text answer', () => {
    const response = upstreamResponse({ contentType: 'text/plain', body: `cert:\n${PEM_CERT}\nkey:\n${PEM_KEY}\n` });
    expect(successResult({ response, shape }).content[0]?.text).toBe(`cert:\n${PEM_CERT}\nkey:\n${R}\n`);
  });

  it('redacts settings with secrets at several depths (Portainer GET /settings)', async () => {
    const settings = {
      LDAPSettings: { ReaderDN: 'cn=reader', Password: 'ldap-pw' },
      OAuthSettings: { ClientID: 'c', ClientSecret: 's' },
      EdgeAgentCheckinInterval: 5,
    };
    const fake = fakeContext({ reply: () => upstreamResponse({ body: JSON.stringify(settings) }) });
    const result = await call(fake.context, settingsInspect, {});
    expect(result.structuredContent).toEqual({
      LDAPSettings: { ReaderDN: 'cn=reader', Password: R },
      OAuthSettings: { ClientID: 'c', ClientSecret: R },
      EdgeAgentCheckinInterval: 5,
    });
  });
});

describe('redaction in error bodies', () => {
  const what = 'POST /api/stacks/create/standalone/string';

  it('redacts secrets in the quoted message fields', () => {
    const body = JSON.stringify({
      message: 'Invalid stack',
      details: { Env: ['DB_PASSWORD=hunter2'], Password: 'hunter2', Name: 'app' },
    });
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 400, statusText: 'Bad Request', body }),
      what,
    });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: `HTTP 400 Bad Request from ${what}: Invalid stack - {"Env":["DB_PASSWORD=${R}"],"Password":"${R}","Name":"app"}`,
        },
      ],
      isError: true,
    });
  });

  it('redacts a JSON error body without message fields (quoted whole)', () => {
    const body = JSON.stringify({
      data: { ticket: PVE_TICKET, CSRFPreventionToken: PVE_CSRF },
      apiKey: 'ptr_x',
      tokenId: 'root@pam!mcp',
    });
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 500, statusText: 'Internal Server Error', body }),
      what,
    });
    expect(result.content[0]?.text).toBe(
      `HTTP 500 Internal Server Error from ${what}: {"data":{"ticket":"${R}","CSRFPreventionToken":"${R}"},"apiKey":"${R}","tokenId":"root@pam!mcp"}`,
    );
  });

  it('redacts a Kubernetes Secret echoed in an error body', () => {
    const body = JSON.stringify({
      error: { kind: 'Secret', type: 'Opaque', metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' } },
    });
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 409, statusText: 'Conflict', body }),
      what,
    });
    expect(result.content[0]?.text).toBe(
      `HTTP 409 Conflict from ${what}: {"kind":"Secret","type":"Opaque","metadata":{"name":"db"},"data":{"password":"${R}"}}`,
    );
  });

  it('redacts environment entries given as {name, value} in an error body', () => {
    const body = JSON.stringify({ message: 'Conflict', details: { Env: [{ name: 'TOKEN', value: 'abc' }] } });
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 409, statusText: 'Conflict', body }),
      what,
    });
    expect(result.content[0]?.text).toBe(
      `HTTP 409 Conflict from ${what}: Conflict - {"Env":[{"name":"TOKEN","value":"${R}"}]}`,
    );
  });

  it('redacts private keys in a text error body', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({
        status: 500,
        statusText: 'Internal Server Error',
        contentType: 'text/plain',
        body: `could not parse ${PEM_KEY}`,
      }),
      what,
    });
    expect(result.content[0]?.text).toBe(`HTTP 500 Internal Server Error from ${what}: could not parse ${R}`);
  });

  it('redacts error bodies end to end through a tool call', async () => {
    const fake = fakeContext({
      reply: () =>
        upstreamResponse({
          status: 500,
          statusText: 'Internal Server Error',
          body: '{"message":"bad","details":{"token":"abc123"}}',
        }),
    });
    const result = await call(fake.context, endpointInspect, { id: 1 });
    expect(result).toEqual({
      content: [
        { type: 'text', text: `HTTP 500 Internal Server Error from GET /api/endpoints/1: bad - {"token":"${R}"}` },
      ],
      isError: true,
    });
  });

  it('redacts PVE error bodies through a tool call', async () => {
    const fake = pveContext({
      reply: () =>
        upstreamResponse({
          status: 500,
          statusText: 'error',
          body: JSON.stringify({ data: null, message: 'login failed', errors: { ticket: PVE_TICKET } }),
        }),
    });
    const result = await call(fake.context, pveTools[0]!, {});
    expect(result.content[0]?.text).toBe(`HTTP 500 error from GET /api2/json/nodes: login failed - {"ticket":"${R}"}`);
  });
});

describe('opting out of redaction', () => {
  const secretAnswer = {
    Password: 'hunter2',
    Env: ['A=b'],
    ticket: PVE_TICKET,
    data: { x: 'eA==' },
    kind: 'Secret',
    pem: PEM_KEY,
  };

  it('returns answers as they are with redact: false', () => {
    expect(valueResult({ value: secretAnswer, shape: { ...shape, redact: false } }).structuredContent).toEqual(
      secretAnswer,
    );
    const text = successResult({
      response: upstreamResponse({ contentType: 'text/plain', body: PEM_KEY }),
      shape: { ...shape, redact: false },
    });
    expect(text.content[0]?.text).toBe(PEM_KEY);
  });

  it('returns error bodies as they are with redact: false', () => {
    const body = JSON.stringify({ message: 'bad', details: { Password: 'hunter2' } });
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 400, statusText: 'Bad Request', body }),
      what: 'POST /api/users',
      redactor: createRedactor({ secrets: () => [], byShape: false }),
    });
    expect(result.content[0]?.text).toBe('HTTP 400 Bad Request from POST /api/users: bad - {"Password":"hunter2"}');
  });

  it('passes the switch from the call context to results and errors', async () => {
    const ok = fakeContext({
      shape: { redact: false },
      reply: () => upstreamResponse({ body: '{"Password":"hunter2"}' }),
    });
    expect((await call(ok.context, endpointInspect, { id: 1 })).structuredContent).toEqual({ Password: 'hunter2' });
    const failing = fakeContext({
      shape: { redact: false },
      reply: () => upstreamResponse({ status: 500, statusText: 'x', body: '{"message":"m","details":{"token":"t"}}' }),
    });
    expect((await call(failing.context, endpointInspect, { id: 1 })).content[0]?.text).toBe(
      'HTTP 500 x from GET /api/endpoints/1: m - {"token":"t"}',
    );
  });

  it('is on by default and turned off by the target variable (loadConfig)', () => {
    expect(loadConfig({ target, env: portainerEnv() }).redact).toBe(true);
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: '0' }) }).redact).toBe(true);
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: '1' }) }).redact).toBe(false);
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: 'true' }) }).redact).toBe(false);
    expect(loadConfig({ target: pveTarget, env: pveEnv({ PVE_EXPOSE_SECRETS: 'yes' }) }).redact).toBe(false);
    expect(loadConfig({ target: pveTarget, env: pveEnv({ PORTAINER_EXPOSE_ENV_VALUES: '1' }) }).redact).toBe(true);
  });

  it('refuses a value of the variable that is not a boolean, naming it', () => {
    expect(() => loadConfig({ target, env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: 'maybe' }) })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ target, env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: 'maybe' }) })).toThrow(
      "PORTAINER_EXPOSE_ENV_VALUES: expected a boolean (1/0, true/false, yes/no), got 'maybe'",
    );
  });

  it('always redacts for a target without the variable', () => {
    const { exposeSecrets: _unused, ...env } = target.env;
    expect(
      loadConfig({ target: { ...target, env }, env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: '1' }) }).redact,
    ).toBe(true);
  });

  it('serves secrets unredacted end to end when the variable is set (prepare, then a tool call)', async () => {
    const answer = { Id: '3f2a', Config: { Env: ['DB_PASSWORD=hunter2'] } };
    for (const [value, env] of [
      ['1', [`DB_PASSWORD=hunter2`]],
      ['0', [`DB_PASSWORD=${R}`]],
    ] as const) {
      const prepared = prepare({
        definition: { target, tools },
        env: portainerEnv({ PORTAINER_EXPOSE_ENV_VALUES: value, PORTAINER_MCP_LOG_LEVEL: 'error' }),
      });
      const { send } = recordingSend(() => upstreamResponse({ body: JSON.stringify(answer) }));
      const result = await dispatchCall({
        tool: prepared.registry.known.get('docker_proxy'),
        enabled: prepared.registry.enabled.has('docker_proxy'),
        name: 'docker_proxy',
        args: { environment_id: 1, path: '/containers/3f2a/json' },
        context: { ...prepared.context, send },
      });
      expect(result.structuredContent).toEqual({ Id: '3f2a', Config: { Env: env } });
    }
  });
});
