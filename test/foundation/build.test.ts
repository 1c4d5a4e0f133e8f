/**
 * The production build: `npm run build` compiles to dist/ with tsc and links the result into
 * dist/bundle/, and tijdig runs from there with plain node (no TypeScript runner), ready to serve
 * within seconds.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-dist-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const started = Date.now();
    const child = spawn(process.execPath, [BUNDLE, 'start', 'all'], {
      cwd: ROOT,
      env: {
        ...process.env,
        TIJDIG_DATA_DIR: dataDir,
        PORT: String(port),
        REDIS_URL: redis.url,
        QUEUE_PREFIX: redis.prefix,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
      console.log(`dist: ready after ${Date.now() - started} ms`);
      const page = await fetch(`http://127.0.0.1:${port}/sign-in`);
      expect(page.status).toBe(200);
      // The bundle finds the files it serves where tsc's output has them.
      const css = (await page.text()).match(/href="(\/assets\/tijdig\.css\?v=[^"]+)"/)?.[1];
      expect((await fetch(`http://127.0.0.1:${port}${css}`)).status).toBe(200);
      expect((await (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.yaml`)).text()).startsWith('openapi: 3.1.0')).toBe(true);
    } finally {
      await killHard(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  // Runs after the build above. What the bundle leaves to node_modules must be there in the image,
  // which installs production dependencies only; mongodb's optional add-ons (kerberos, snappy…) are
  // required inside try/catch and are not counted.
  it('leaves outside the bundle only production dependencies, and each resolves from it', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/bundle/meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
    };
    const outside = new Set(
      Object.values(meta.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external && i.kind !== 'require-call' && !isBuiltin(i.path))
        .map((i) => i.path),
    );
    expect([...outside].sort()).toEqual(expect.arrayContaining(['@bull-board/express', '@node-rs/argon2', 'exceljs', 'nodemailer']));
    const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies);
    const fromBundle = createRequire(path.join(ROOT, BUNDLE));
    for (const specifier of outside) {
      const pkg = specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
      expect(deps, specifier).toContain(pkg);
      expect(() => fromBundle.resolve(specifier), specifier).not.toThrow();
    }
  });
});

const BUNDLE = 'dist/bundle/tijdig.js';
