/**
 * The production build: `npm run build` compiles to dist/ with tsc and links the result into
 * dist/bundle/, and tijdig runs from there with plain node (no TypeScript runner), ready to serve
 * within seconds.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/redis-server.ts';
import { bundleExternals, packageOf } from '../../tools/bundle-externals.mjs';
import { csrfOf } from '../support/forms';
import { useRedis } from '../support/redis';
import { killHard, ROOT } from '../support/spawn';

describe('the production build', () => {
  const redis = useRedis();

  it('compiles to dist/ and starts from it with plain node', async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    expect(fs.existsSync(path.join(ROOT, 'dist/src/cli/main.js'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, BUNDLE))).toBe(true);
    // No TypeScript is left for a loader to handle.
    const ts = execFileSync('find', ['dist', '-name', '*.ts', '-o', '-name', '*.tsx'], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(ts).toBe('');
    await startsAndServes(ROOT, redis);
  }, 120_000);

  // Runs after the build above. What the bundle leaves to node_modules must be production
  // dependencies: the image's node_modules is made of them (tools/runtime-modules.mjs).
  it('leaves outside the bundle only production dependencies, and each resolves from it', () => {
    const outside = outsideOfBundle();
    expect(outside.sort()).toEqual(expect.arrayContaining(['@bull-board/express', '@node-rs/argon2', 'nodemailer']));
    const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies);
    const fromBundle = createRequire(path.join(ROOT, BUNDLE));
    for (const specifier of outside) {
      expect(deps, specifier).toContain(packageOf(specifier));
      expect(() => fromBundle.resolve(specifier), specifier).not.toThrow();
    }
  });

  // Runs after the build above. The image's node_modules is made by tools/runtime-modules.mjs; this
  // makes the same in a directory of its own, beside a copy of dist/, and runs tijdig from there.
  it('runs with only the node_modules the image gets, and loads every package it left outside', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-image-app-'));
    try {
      const made = execFileSync(process.execPath, ['tools/runtime-modules.mjs', app], { cwd: ROOT, encoding: 'utf8' });
      console.log(`runtime node_modules: ${made.trim()}`);
      fs.cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
      // Fewer packages than production installs: the bundle holds the rest.
      const production = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies);
      const copied = production.filter((d) => fs.existsSync(path.join(app, 'node_modules', d)));
      expect(copied.length).toBeLessThan(production.length);
      // Loading a package runs its code, which requires what it depends on: a package left out fails here.
      const load = path.join(app, 'dist/bundle/load-outside.mjs');
      fs.writeFileSync(
        load,
        outsideOfBundle()
          .map((s) => `await import(${JSON.stringify(s)});`)
          .join('\n'),
      );
      execFileSync(process.execPath, [load], { cwd: app, stdio: 'pipe' });
      // And in use: the two that load on first use, through the running app.
      await startsAndServes(app, redis, async ({ base, cli }) => {
        const imported = cli(
          'import',
          'invoices',
          path.join(ROOT, 'test/fixtures/import/libreoffice-facturen.xlsx'),
          '--sheet',
          'Facturen',
        );
        expect(imported).toMatch(/inserted 4\b/);
        const session = await signedInAdmin(base, cli);
        const board = await fetch(`${base}/app/admin/queues/api/queues`, { headers: { cookie: session } });
        expect(board.status).toBe(200);
        const queues = ((await board.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name);
        expect(queues).toEqual(expect.arrayContaining(['import', 'recompute', 'alerts']));
      });
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  }, 120_000);
});

const BUNDLE = 'dist/bundle/tijdig.js';

/** The packages the bundle imports from node_modules (mongodb's optional add-ons, required inside try/catch, not counted). */
const outsideOfBundle = () => bundleExternals(ROOT, { requireCalls: false });

interface Running {
  base: string;
  /** Runs the bundle's command line against the running app; its output. */
  cli: (...args: string[]) => string;
}

/**
 * Starts `start all` from the bundle under `app` with plain node, checks it is ready and finds the
 * files it serves, then runs `more` against it.
 */
async function startsAndServes(app: string, redis: { url: string; prefix: string }, more?: (running: Running) => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-dist-'));
  // A port the system has just given out as free (a random one was sometimes taken).
  const port = await freePort();
  const started = Date.now();
  const env = {
    ...process.env,
    TIJDIG_DATA_DIR: dataDir,
    PORT: String(port),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [BUNDLE, 'start', 'all'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  try {
    let ready = false;
    while (!ready && Date.now() - started < 20_000) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready, stderr).toBe(true);
    console.log(`${app === ROOT ? 'dist' : "dist with the image's node_modules"}: ready after ${Date.now() - started} ms`);
    const page = await fetch(`http://127.0.0.1:${port}/sign-in`);
    expect(page.status).toBe(200);
    // The bundle finds the files it serves where tsc's output has them.
    const css = (await page.text()).match(/href="(\/assets\/tijdig\.css\?v=[^"]+)"/)?.[1];
    expect((await fetch(`http://127.0.0.1:${port}${css}`)).status).toBe(200);
    expect((await (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.yaml`)).text()).startsWith('openapi: 3.1.0')).toBe(true);
    await more?.({
      base: `http://127.0.0.1:${port}`,
      cli: (...args) => execFileSync(process.execPath, [BUNDLE, ...args], { cwd: app, env, encoding: 'utf8' }),
    });
  } finally {
    await killHard(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Makes an admin through the command line, sets the password on the link's page, signs in; the session cookie. */
async function signedInAdmin(base: string, cli: Running['cli']): Promise<string> {
  const link = cli('users', 'create', '--email', 'admin@example.org', '--role', 'admin').match(/https?:\/\/\S+/)?.[0];
  expect(link).toBeDefined();
  const password = 'a password long enough';
  const post = async (page: string, fields: Record<string, string>) => {
    const r = await fetch(base + page);
    const { token, cookie } = csrfOf({ text: await r.text(), headers: { 'set-cookie': r.headers.getSetCookie() } });
    return fetch(base + page, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, ...fields }),
    });
  };
  expect((await post(new URL(link!).pathname, { password, confirm: password })).status).toBe(303);
  const signedIn = await post('/sign-in', { email: 'admin@example.org', password });
  expect(signedIn.status).toBe(303);
  return (
    signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('tijdig.sid='))
      ?.split(';')[0] ?? ''
  );
}
