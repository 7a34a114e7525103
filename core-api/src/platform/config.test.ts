import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from './config';

describe('loadConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './.data', AUTH_MODE: 'dev', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it('turns the dev issuer off by default in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).AUTH_MODE).toBe('entra');
    expect(loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'dev' }).AUTH_MODE).toBe('dev');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'not a url'],
    ['FIXED_NOW', 'next tuesday'],
    ['AUTH_MODE', 'open'],
    ['LOG_LEVEL', 'loud'],
  ])('names the bad variable %s=%s', (variable, value) => {
    let caught: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: ${variable}: `));
    expect((caught as ConfigError).message).not.toContain('\n');
  });

  it('accepts a frozen clock and real URLs', () => {
    const config = loadConfig({
      FIXED_NOW: '2026-12-01T09:00:00Z',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/consulta',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.FIXED_NOW).toBe('2026-12-01T09:00:00Z');
  });

  it('never shows a password in an error', () => {
    expect(redactUrl('postgres://user:secret@host/db')).toBe('postgres://user:***@host/db');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow(/\*\*\*/);
  });
});
