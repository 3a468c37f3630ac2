import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { loadConfig } from '../src/config/load.js';
import { listServerVariables, serverVariables } from '../src/config/variables.js';
import { prepare } from '../src/server/prepare.js';
import { endpointList, portainerEnv, target as portainer } from './fixtures.js';

/** The dialect variable's name is the target file's (here a made-up one), like every per-target variable. */
const target = { ...portainer, env: { ...portainer.env, schemaDialect: 'ACME_SCHEMA_FLAVOUR' } };

describe('schema dialect variable', () => {
  it('is read under the target file’s name, `default` when unset, and listed with the other variables', () => {
    expect(loadConfig({ target, env: portainerEnv() }).schemaDialect).toBe('default');
    expect(loadConfig({ target, env: portainerEnv({ ACME_SCHEMA_FLAVOUR: 'gemini' }) }).schemaDialect).toBe('gemini');
    const variable = listServerVariables(serverVariables(target)).find((entry) => entry.name === 'ACME_SCHEMA_FLAVOUR');
    expect(variable).toMatchObject({ kind: 'choice', fallback: 'default' });
  });

  it('refuses an unknown dialect, naming the variable', () => {
    expect(() => loadConfig({ target, env: portainerEnv({ ACME_SCHEMA_FLAVOUR: 'claude' }) })).toThrow(
      /ACME_SCHEMA_FLAVOUR/,
    );
  });

  it('is absent for a target that names no variable for it', () => {
    expect(serverVariables(portainer).schemaDialect).toBeUndefined();
  });

  it('the default dialect reads no dialect data; a dialect without data is a configuration error', () => {
    const untouchable = {
      listing: () => {
        throw new Error('read');
      },
      calls: () => {
        throw new Error('read');
      },
    };
    const definition = {
      target,
      tools: [endpointList],
      dialects: { gemini: untouchable, 'openai-strict': untouchable },
    };
    expect(() => prepare({ definition, env: portainerEnv() })).not.toThrow();
    expect(() =>
      prepare({ definition: { target, tools: [endpointList] }, env: portainerEnv({ ACME_SCHEMA_FLAVOUR: 'gemini' }) }),
    ).toThrow(ConfigError);
  });
});
