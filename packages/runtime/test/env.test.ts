import { describe, expect, it } from 'vitest';
import {
  readBoolean,
  readEnum,
  readHttpUrl,
  readList,
  readOptional,
  readPositiveNumber,
  readRequired,
} from '../src/config/env.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../src/config/errors.js';

/** Runs `fn`, expecting a ConfigError, and returns it for closer inspection. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('ConfigError', () => {
  it('names the variable first and keeps place and problem apart', () => {
    const error = new ConfigError('PORTAINER_URL', 'is required but not set');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.place).toBe('PORTAINER_URL');
    expect(error.problem).toBe('is required but not set');
    expect(error.message).toBe('PORTAINER_URL: is required but not set');
  });

  it('uses exit code 2 for bad configuration', () => {
    expect(CONFIG_EXIT_CODE).toBe(2);
  });
});

describe('readRequired', () => {
  it('returns the value without surrounding whitespace', () => {
    expect(readRequired({ env: { PORTAINER_API_KEY: '  ptr_abc \n' }, name: 'PORTAINER_API_KEY' })).toBe('ptr_abc');
  });

  it.each([
    ['unset', {}],
    ['empty', { PORTAINER_API_KEY: '' }],
    ['blank', { PORTAINER_API_KEY: '   \t ' }],
  ])('throws a ConfigError naming the variable when %s', (_case, env) => {
    const error = configError(() => readRequired({ env, name: 'PORTAINER_API_KEY' }));
    expect(error.place).toBe('PORTAINER_API_KEY');
    expect(error.message).toBe('PORTAINER_API_KEY: is required but not set');
  });

  it('reads only the variable it is asked for', () => {
    const error = configError(() => readRequired({ env: { PORTAINER_APIKEY: 'x' }, name: 'PORTAINER_API_KEY' }));
    expect(error.place).toBe('PORTAINER_API_KEY');
  });
});

describe('readOptional', () => {
  it('returns undefined for unset, empty and blank values', () => {
    expect(readOptional({ env: {}, name: 'X' })).toBeUndefined();
    expect(readOptional({ env: { X: '' }, name: 'X' })).toBeUndefined();
    expect(readOptional({ env: { X: '  ' }, name: 'X' })).toBeUndefined();
  });

  it('returns the trimmed value', () => {
    expect(readOptional({ env: { X: ' value ' }, name: 'X' })).toBe('value');
  });
});

describe('readBoolean', () => {
  it.each(['1', 'true', 'yes', 'on', 'TRUE', 'Yes', ' On '])('reads %j as true', (value) => {
    expect(readBoolean({ env: { PORTAINER_READ_ONLY: value }, name: 'PORTAINER_READ_ONLY', fallback: false })).toBe(
      true,
    );
  });

  it.each(['0', 'false', 'no', 'off', 'FALSE', 'No', ' OFF '])('reads %j as false', (value) => {
    expect(readBoolean({ env: { PORTAINER_TLS_VERIFY: value }, name: 'PORTAINER_TLS_VERIFY', fallback: true })).toBe(
      false,
    );
  });

  it('returns the fallback when unset or blank', () => {
    expect(readBoolean({ env: {}, name: 'B', fallback: true })).toBe(true);
    expect(readBoolean({ env: {}, name: 'B', fallback: false })).toBe(false);
    expect(readBoolean({ env: { B: ' ' }, name: 'B', fallback: true })).toBe(true);
  });

  it.each(['2', 'y', 'enabled', 'truee'])('rejects %j with the variable name and the accepted words', (value) => {
    const error = configError(() =>
      readBoolean({ env: { PORTAINER_READ_ONLY: value }, name: 'PORTAINER_READ_ONLY', fallback: false }),
    );
    expect(error.place).toBe('PORTAINER_READ_ONLY');
    expect(error.message).toBe(`PORTAINER_READ_ONLY: expected a boolean (1/0, true/false, yes/no), got '${value}'`);
  });
});

describe('readPositiveNumber', () => {
  it.each([
    ['30', 30],
    ['0.5', 0.5],
    [' 120 ', 120],
    ['1e2', 100],
  ])('reads %j as %d', (value, expected) => {
    expect(readPositiveNumber({ env: { PORTAINER_TIMEOUT: value }, name: 'PORTAINER_TIMEOUT', fallback: 120 })).toBe(
      expected,
    );
  });

  it('returns the fallback when unset', () => {
    expect(readPositiveNumber({ env: {}, name: 'PORTAINER_TIMEOUT', fallback: 120 })).toBe(120);
  });

  it.each(['0', '-1', 'abc', '10s', 'Infinity', 'NaN', '-0'])('rejects %j', (value) => {
    const error = configError(() =>
      readPositiveNumber({ env: { PORTAINER_TIMEOUT: value }, name: 'PORTAINER_TIMEOUT', fallback: 120 }),
    );
    expect(error.place).toBe('PORTAINER_TIMEOUT');
    expect(error.message).toBe(`PORTAINER_TIMEOUT: expected a positive number, got '${value}'`);
  });
});

describe('readList', () => {
  it('splits on commas, trims items and drops empty ones', () => {
    expect(
      readList({ env: { PORTAINER_TAGS_EXTRA: ' webhooks, users ,,tags, ' }, name: 'PORTAINER_TAGS_EXTRA' }),
    ).toEqual(['webhooks', 'users', 'tags']);
  });

  it('returns a one-item list for a value without commas', () => {
    expect(readList({ env: { L: 'ADMIN' }, name: 'L' })).toEqual(['ADMIN']);
  });

  it('returns undefined when unset or blank, but an empty list for only commas', () => {
    expect(readList({ env: {}, name: 'L' })).toBeUndefined();
    expect(readList({ env: { L: '  ' }, name: 'L' })).toBeUndefined();
    expect(readList({ env: { L: ', ,' }, name: 'L' })).toEqual([]);
  });
});

describe('readEnum', () => {
  const allowed = ['debug', 'info', 'warn', 'error'] as const;

  it('matches case-insensitively and returns the allowed spelling', () => {
    expect(readEnum({ env: { LVL: 'DEBUG' }, name: 'LVL', allowed, fallback: 'info' })).toBe('debug');
    expect(readEnum({ env: { LVL: ' Warn ' }, name: 'LVL', allowed, fallback: 'info' })).toBe('warn');
  });

  it('returns the fallback when unset', () => {
    expect(readEnum({ env: {}, name: 'LVL', allowed, fallback: 'info' })).toBe('info');
  });

  it('lists the allowed values when the value is unknown', () => {
    const error = configError(() =>
      readEnum({
        env: { PORTAINER_MCP_LOG_LEVEL: 'verbose' },
        name: 'PORTAINER_MCP_LOG_LEVEL',
        allowed,
        fallback: 'info',
      }),
    );
    expect(error.message).toBe("PORTAINER_MCP_LOG_LEVEL: expected one of debug, info, warn, error, got 'verbose'");
  });
});

describe('readHttpUrl', () => {
  it('accepts http and https URLs', () => {
    expect(readHttpUrl({ env: { U: 'https://portainer.example.com:9443' }, name: 'U' }).href).toBe(
      'https://portainer.example.com:9443/',
    );
    expect(readHttpUrl({ env: { U: ' http://127.0.0.1:9000/portainer ' }, name: 'U' }).href).toBe(
      'http://127.0.0.1:9000/portainer',
    );
  });

  it('rejects text that is not a URL, with an example of a good one', () => {
    const error = configError(() =>
      readHttpUrl({ env: { PORTAINER_URL: 'portainer.example.com:9443' }, name: 'PORTAINER_URL' }),
    );
    // "portainer.example.com:9443" parses as a URL with scheme "portainer.example.com:", so it is the protocol check that fires.
    expect(error.message).toBe("PORTAINER_URL: expected an http or https URL, got protocol 'portainer.example.com:'");
    const unparsable = configError(() => readHttpUrl({ env: { PORTAINER_URL: 'not a url' }, name: 'PORTAINER_URL' }));
    expect(unparsable.message).toBe(
      "PORTAINER_URL: expected an http(s) URL such as https://host.example.com:9443, got 'not a url'",
    );
  });

  it.each(['ftp://portainer.example.com', 'file:///etc/passwd', 'ws://portainer.example.com'])(
    'rejects the non-http protocol of %s',
    (value) => {
      const error = configError(() => readHttpUrl({ env: { PORTAINER_URL: value }, name: 'PORTAINER_URL' }));
      expect(error.place).toBe('PORTAINER_URL');
      expect(error.problem).toMatch(/^expected an http or https URL, got protocol '[a-z]+:'$/);
    },
  );

  it('requires the variable', () => {
    expect(configError(() => readHttpUrl({ env: {}, name: 'PORTAINER_URL' })).message).toBe(
      'PORTAINER_URL: is required but not set',
    );
  });
});
