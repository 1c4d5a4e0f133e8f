/**
 * The production build: `npm run build` compiles to dist/ with tsc, and tijdig runs from there with
 * plain node (no TypeScript runner), ready to serve within seconds.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
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
    // No TypeScript is left for a loader to handle.
    const ts = execFileSync('find', ['dist', '-name', '*.ts', '-o', '-name', '*.tsx'], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(ts).toBe('');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-dist-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const started = Date.now();
    const child = spawn(process.execPath, ['dist/src/cli/main.js', 'start', 'all'], {
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
      const css = (await page.text()).match(/href="(\/assets\/tijdig\.css\?v=[^"]+)"/)?.[1];
      expect((await fetch(`http://127.0.0.1:${port}${css}`)).status).toBe(200);
      expect((await (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.yaml`)).text()).startsWith('openapi: 3.1.0')).toBe(true);
    } finally {
      await killHard(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
