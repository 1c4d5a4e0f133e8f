import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/env.ts';
import { ROOT } from '../support/spawn.ts';

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

  it('lists every variable the code reads in the README configuration table, and no other', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Processes and command line'));
    const documented = new Set([...table.matchAll(/^\| `([A-Z_]+)`(?:, `([A-Z_]+)`)?/gm)].flatMap((m) => [m[1], m[2]].filter(Boolean)));
    // Variables read outside the validated configuration, by file.
    const direct = new Set<string>();
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.(ts|tsx|mjs)$/.test(f.name))
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/process\.env\.([A-Z_]+)/g)) direct.add(m[1]);
      }
    };
    for (const d of ['src', 'workers', 'embedded-db', 'bin']) walk(path.join(ROOT, d));
    const read = new Set([...CONFIG_VARIABLES, ...direct]);
    expect([...read].filter((v) => !documented.has(v)).sort()).toEqual([]);
    expect([...documented].filter((v) => !read.has(v)).sort()).toEqual([]);
  });
});
