import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env';

describe('configuration from the environment', () => {
  it('starts with no configuration at all, on the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.ORG_TIMEZONE).toBe('Europe/Amsterdam');
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['MONGODB_URI', 'postgres://x', 'MONGODB_URI'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL'],
    ['ORG_TIMEZONE', 'Europe/Amsterdamm', 'ORG_TIMEZONE'],
    ['ORG_BASE_CURRENCY', 'euro', 'ORG_BASE_CURRENCY'],
  ])('refuses %s=%s and names the variable', (name, value, named) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${named}:`));
  });

  it('refuses to run in production without SECRET_KEY, and builds PUBLIC_URL from HOST and PORT when unset', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY: required in production/);
    expect(() => loadConfig({ SECRET_KEY: 'short' })).toThrow(/SECRET_KEY: must be at least 32 characters/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32) }).NODE_ENV).toBe('production');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://tijdig.example.org/' }).publicUrl).toBe('https://tijdig.example.org');
    expect(() => loadConfig({ PUBLIC_URL: 'tijdig.example.org' })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
    expect(() => loadConfig({ PUBLIC_PAYMENT_PRACTICES: 'yes' })).toThrow(/PUBLIC_PAYMENT_PRACTICES: must be true or false/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MONGODB_URI: '' }).MONGODB_URI).toBeUndefined();
  });
});
