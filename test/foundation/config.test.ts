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

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MONGODB_URI: '' }).MONGODB_URI).toBeUndefined();
  });
});
