import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { loadConfig } from '../src/config/load.js';
import { upstreamUrl } from '../src/http/url.js';
import { buildRequest } from '../src/tools/build-request.js';
import {
  API_KEY,
  DEFAULT_TAGS,
  endpointInspect,
  portainerEnv,
  PVE_TOKEN_ID,
  PVE_TOKEN_SECRET,
  pveEnv,
  pveTarget,
  target,
} from './fixtures.js';

function loadError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig({ target, env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('fills every default from the target when only URL and key are set', () => {
    const config = loadConfig({ target, env: portainerEnv() });
    expect(config.baseUrl.href).toBe('https://portainer.example.com:9443/api');
    expect(config.auth).toEqual({ kind: 'header-key', header: 'X-API-Key', value: API_KEY });
    expect(config.tlsVerify).toBe(true);
    expect(config.timeoutMs).toBe(120_000);
    expect(config.access).toEqual({ setting: 'PORTAINER_READ_ONLY=1' });
    expect(config.noProxy).toBe(false);
    expect(config.rawApi).toBe(false);
    expect(config.logLevel).toBe('info');
    expect(config.extraTags).toEqual([]);
    expect(config.selection).toEqual({ tags: DEFAULT_TAGS });
    expect('allowedSafety' in config.selection).toBe(false);
  });

  it('ignores variables of other targets and unrelated names', () => {
    const config = loadConfig({
      target,
      env: portainerEnv({
        PROXMOX_READ_ONLY: '1',
        READ_ONLY: '1',
        PORTAINER_PROFILE: 'ADMIN',
        PVE_ACCESS_TIER: 'read-only',
        PVE_ENABLE_RAW_API: '1',
      }),
    });
    expect(config.access.allowedSafety).toBeUndefined();
    expect(config.rawApi).toBe(false);
    expect(config.selection.tags).toEqual(DEFAULT_TAGS);
  });

  describe('base URL', () => {
    it.each([
      ['https://portainer.example.com:9443', 'https://portainer.example.com:9443/api'],
      ['https://portainer.example.com:9443/', 'https://portainer.example.com:9443/api'],
      ['https://portainer.example.com:9443///', 'https://portainer.example.com:9443/api'],
      ['http://10.0.0.5:9000/portainer', 'http://10.0.0.5:9000/portainer/api'],
      ['http://10.0.0.5:9000/portainer/', 'http://10.0.0.5:9000/portainer/api'],
      ['https://portainer.example.com/?token=x#frag', 'https://portainer.example.com/api'],
    ])('joins %s with the base path as %s', (url, expected) => {
      const config = loadConfig({ target, env: portainerEnv({ PORTAINER_URL: url }) });
      expect(config.baseUrl.href).toBe(expected);
      expect(config.baseUrl.href.endsWith('/')).toBe(false);
    });

    it('does not change the URL object it parsed from the environment when joining', () => {
      const env = portainerEnv({ PORTAINER_URL: 'https://portainer.example.com/x' });
      const first = loadConfig({ target, env }).baseUrl.href;
      const second = loadConfig({ target, env }).baseUrl.href;
      expect(first).toBe('https://portainer.example.com/x/api');
      expect(second).toBe(first);
    });

    // Formerly a bug: with basePath '' and a root URL, URL turns the empty pathname back into '/', so
    // `baseUrl.href + path` gave '//endpoints'. Requests are now joined by upstreamUrl (src/http/url.ts), which
    // strips the trailing slash; the base URL itself still ends in '/' for a bare origin.
    it('keeps request paths single-slashed for a target whose basePath is empty', async () => {
      const config = loadConfig({
        target: { ...target, basePath: '' },
        env: portainerEnv({ PORTAINER_URL: 'https://pve.example.com:8006' }),
      });
      expect(config.baseUrl.href).toBe('https://pve.example.com:8006/');
      const request = await buildRequest({
        tool: endpointInspect,
        args: { id: 1 },
        baseUrl: config.baseUrl,
        authHeaders: {},
        allowLocalFiles: false,
      });
      expect(request.url.href).toBe('https://pve.example.com:8006/endpoints/1');
      expect(upstreamUrl({ baseUrl: config.baseUrl, path: '/endpoints' }).pathname).toBe('/endpoints');
    });

    it('rejects a missing URL, naming PORTAINER_URL', () => {
      expect(loadError({ PORTAINER_API_KEY: API_KEY }).message).toBe('PORTAINER_URL: is required but not set');
    });

    it('rejects a non-http URL, naming PORTAINER_URL', () => {
      const error = loadError(portainerEnv({ PORTAINER_URL: 'tcp://portainer.example.com:9443' }));
      expect(error.place).toBe('PORTAINER_URL');
    });
  });

  it('requires the API key, naming PORTAINER_API_KEY', () => {
    const error = loadError({ PORTAINER_URL: 'https://portainer.example.com' });
    expect(error.place).toBe('PORTAINER_API_KEY');
    expect(error.message).toBe('PORTAINER_API_KEY: is required but not set');
  });

  it('trims the API key', () => {
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_API_KEY: ' ptr_xyz\n' }) }).auth).toEqual({
      kind: 'header-key',
      header: 'X-API-Key',
      value: 'ptr_xyz',
    });
  });

  it('turns TLS verification off with PORTAINER_TLS_VERIFY=0 and rejects junk', () => {
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_TLS_VERIFY: '0' }) }).tlsVerify).toBe(false);
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_TLS_VERIFY: 'false' }) }).tlsVerify).toBe(false);
    expect(loadError(portainerEnv({ PORTAINER_TLS_VERIFY: 'insecure' })).place).toBe('PORTAINER_TLS_VERIFY');
  });

  it('reads PORTAINER_TIMEOUT in seconds and stores milliseconds', () => {
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_TIMEOUT: '30' }) }).timeoutMs).toBe(30_000);
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_TIMEOUT: '2.5' }) }).timeoutMs).toBe(2_500);
    expect(loadConfig({ target: { ...target, defaultTimeoutSeconds: 7 }, env: portainerEnv() }).timeoutMs).toBe(7_000);
    expect(loadError(portainerEnv({ PORTAINER_TIMEOUT: '0' })).message).toBe(
      "PORTAINER_TIMEOUT: expected a positive number, got '0'",
    );
  });

  it('caps PORTAINER_TIMEOUT at one day (Node timers overflow above 2^31-1 ms)', () => {
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_TIMEOUT: '86400' }) }).timeoutMs).toBe(86_400_000);
    const error = loadError(portainerEnv({ PORTAINER_TIMEOUT: '3000000' }));
    expect(error.place).toBe('PORTAINER_TIMEOUT');
    expect(error.message).toBe('PORTAINER_TIMEOUT: expected at most 86400 seconds, got 3000000');
    expect(loadError(portainerEnv({ PORTAINER_TIMEOUT: '86400.5' })).place).toBe('PORTAINER_TIMEOUT');
  });

  it('switches read-only on and limits safety to the target read-only classes', () => {
    const config = loadConfig({ target, env: portainerEnv({ PORTAINER_READ_ONLY: 'true' }) });
    expect(config.access).toEqual({ allowedSafety: ['read'], setting: 'PORTAINER_READ_ONLY=1' });
    expect(config.selection.allowedSafety).toEqual(['read']);
    expect(config.selection.tags).toEqual(DEFAULT_TAGS);
  });

  it('takes read-only safety classes from the target', () => {
    const config = loadConfig({
      target: { ...target, readOnlySafety: ['read', 'execute'] },
      env: portainerEnv({ PORTAINER_READ_ONLY: '1' }),
    });
    expect(config.selection.allowedSafety).toEqual(['read', 'execute']);
  });

  it('reads PORTAINER_NO_PROXY', () => {
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_NO_PROXY: 'yes' }) }).noProxy).toBe(true);
  });

  describe('profiles and extra tags', () => {
    it('serves the tags of the requested profiles, sorted and without duplicates', () => {
      const config = loadConfig({ target, env: portainerEnv({ PORTAINER_PROFILES: 'docker, kubernetes' }) });
      expect(config.selection.tags).toEqual(['docker', 'endpoints', 'gitops', 'helm', 'kubernetes', 'stacks']);
    });

    it('switches the tag filter off with ALL, in any case', () => {
      expect(loadConfig({ target, env: portainerEnv({ PORTAINER_PROFILES: 'ALL' }) }).selection.tags).toBe('all');
      expect(loadConfig({ target, env: portainerEnv({ PORTAINER_PROFILES: 'base,all' }) }).selection.tags).toBe('all');
    });

    it('falls back to the default profiles when PORTAINER_PROFILES is blank', () => {
      expect(loadConfig({ target, env: portainerEnv({ PORTAINER_PROFILES: '  ' }) }).selection.tags).toEqual(
        DEFAULT_TAGS,
      );
    });

    it('reports an unknown profile as a ConfigError on PORTAINER_PROFILES listing the known ones', () => {
      const error = loadError(portainerEnv({ PORTAINER_PROFILES: 'BASE,SWARM' }));
      expect(error.place).toBe('PORTAINER_PROFILES');
      expect(error.message).toBe(
        "PORTAINER_PROFILES: unknown profile 'SWARM' (known: BASE, DOCKER, KUBERNETES, GITOPS, EDGE, ADMIN, ALL)",
      );
    });

    it('adds PORTAINER_TAGS_EXTRA to the profile tags and keeps them for the start-up check', () => {
      const config = loadConfig({
        target,
        env: portainerEnv({ PORTAINER_PROFILES: 'GITOPS', PORTAINER_TAGS_EXTRA: 'webhooks, users ,' }),
      });
      expect(config.selection.tags).toEqual(['gitops', 'users', 'webhooks']);
      expect(config.extraTags).toEqual(['webhooks', 'users']);
    });

    it('keeps extra tags when ALL switches the filter off', () => {
      const config = loadConfig({
        target,
        env: portainerEnv({ PORTAINER_PROFILES: 'ALL', PORTAINER_TAGS_EXTRA: 'nope' }),
      });
      expect(config.selection.tags).toBe('all');
      expect(config.extraTags).toEqual(['nope']);
    });
  });

  it('reads the log level case-insensitively and rejects unknown levels', () => {
    expect(loadConfig({ target, env: portainerEnv({ PORTAINER_MCP_LOG_LEVEL: 'DEBUG' }) }).logLevel).toBe('debug');
    expect(loadError(portainerEnv({ PORTAINER_MCP_LOG_LEVEL: 'trace' })).place).toBe('PORTAINER_MCP_LOG_LEVEL');
  });

  it('leaves raw API, no-proxy and extra tags off for a target without their variables', () => {
    const minimal = {
      ...target,
      env: { url: 'X_URL', tlsVerify: 'X_TLS', timeout: 'X_TIMEOUT', profiles: 'X_PROFILES', logLevel: 'X_LOG' },
    };
    const config = loadConfig({
      target: minimal,
      env: {
        X_URL: 'https://x.example.com',
        PORTAINER_API_KEY: 'k',
        PORTAINER_NO_PROXY: '1',
        PORTAINER_TAGS_EXTRA: 'users',
      },
    });
    expect(config.noProxy).toBe(false);
    expect(config.rawApi).toBe(false);
    expect(config.extraTags).toEqual([]);
    expect(config.access).toEqual({ setting: 'read-only=1' });
  });
});

describe('loadConfig for the PVE target', () => {
  it('reads a token credential, the default tier and the PVE defaults', () => {
    const config = loadConfig({ target: pveTarget, env: pveEnv() });
    expect(config.baseUrl.href).toBe('https://pve.example.com:8006/api2/json');
    expect(config.auth).toEqual({
      kind: 'proxmox-token',
      tokenId: PVE_TOKEN_ID,
      secret: PVE_TOKEN_SECRET,
      spec: pveTarget.auth,
    });
    expect(config.access).toEqual({ allowedSafety: ['read'], setting: 'PVE_ACCESS_TIER=read-only' });
    expect(config.selection).toEqual({ tags: 'all', allowedSafety: ['read'] });
    expect(config.timeoutMs).toBe(60_000);
    expect(config.rawApi).toBe(false);
    expect(config.noProxy).toBe(false);
  });

  it('drops the safety filter on the full tier', () => {
    const config = loadConfig({ target: pveTarget, env: pveEnv({ PVE_ACCESS_TIER: 'full' }) });
    expect(config.access).toEqual({ setting: 'PVE_ACCESS_TIER=full' });
    expect(config.selection).toEqual({ tags: 'all' });
  });

  it('ignores the Portainer read-only switch', () => {
    const config = loadConfig({
      target: pveTarget,
      env: pveEnv({ PORTAINER_READ_ONLY: '1', PVE_ACCESS_TIER: 'full' }),
    });
    expect(config.access.allowedSafety).toBeUndefined();
  });

  it('turns the raw API tool on with PVE_ENABLE_RAW_API and rejects junk, naming the variable', () => {
    expect(loadConfig({ target: pveTarget, env: pveEnv({ PVE_ENABLE_RAW_API: '1' }) }).rawApi).toBe(true);
    expect(loadConfig({ target: pveTarget, env: pveEnv({ PVE_ENABLE_RAW_API: 'no' }) }).rawApi).toBe(false);
    let error: unknown;
    try {
      loadConfig({ target: pveTarget, env: pveEnv({ PVE_ENABLE_RAW_API: 'sure' }) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).place).toBe('PVE_ENABLE_RAW_API');
  });

  it('keeps the raw API tool off when the target has no raw tool, even with the variable set', () => {
    const { rawApi: _unused, ...withoutRaw } = pveTarget;
    expect(loadConfig({ target: withoutRaw, env: pveEnv({ PVE_ENABLE_RAW_API: '1' }) }).rawApi).toBe(false);
  });

  it('reports a missing credential before serving', () => {
    expect(() => loadConfig({ target: pveTarget, env: { PVE_BASE_URL: 'https://pve.example.com:8006' } })).toThrow(
      /^PVE_TOKEN_ID: no credential/,
    );
  });
});
