/**
 * Serving through faults, with real processes: the API process (`tijdig start api`) beside a Redis
 * and an embedded database of their own, each killed with kill -9 and brought back on the same port
 * and data. While Redis is away, reads go on and what needs Redis says 503 with Retry-After; while the
 * database is away, every call says 503, never 500; both come back by themselves, with no restart.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/persistence/connection.ts';
import { createToken } from '../../src/persistence/tokens/token.repository.ts';
import { freePort, hasRedisServer } from '../../src/runtime/redis-server.ts';
import { apiProcess, databaseProcess, redisProcess } from '../support/managed-processes.ts';

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Holds a killed process's port until it comes back: connections are accepted and dropped, as by a
 * service that is away. Free, the port could be taken by another test file's server meanwhile, and
 * the API would find a Redis or a database answering there.
 */
async function holdPort(port: number): Promise<() => Promise<void>> {
  const holder = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(port, '127.0.0.1', () => resolve());
  });
  return () => new Promise<void>((resolve) => holder.close(() => resolve()));
}

describe.skipIf(!hasRedisServer())('the API while Redis or the database is away', { timeout: 240_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-degrade-'));
  let base = '';
  let token = '';
  let procs: { redis: ReturnType<typeof redisProcess>; db: ReturnType<typeof databaseProcess>; api: ReturnType<typeof apiProcess> };
  let ports = { redis: 0, db: 0 };

  beforeAll(async () => {
    const [redisPort, dbPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    ports = { redis: redisPort, db: dbPort };
    const mongoUrl = `mongodb://127.0.0.1:${dbPort}/tijdig`;
    base = `http://127.0.0.1:${apiPort}`;
    procs = {
      redis: redisProcess(redisPort, path.join(dir, 'redis')),
      db: databaseProcess(dbPort, path.join(dir, 'db')),
      api: apiProcess(
        {
          MONGODB_URI: mongoUrl,
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          QUEUE_PREFIX: 'degrade',
          TIJDIG_DATA_DIR: path.join(dir, 'api'),
          SECRET_KEY: 'degrade-test-secret-degrade-test-secret-0123',
          PORT: String(apiPort),
          LOG_LEVEL: 'warn',
        },
        base,
      ),
    };
    await procs.redis.start();
    await procs.db.start();
    await procs.api.start();
    await connectMongo(mongoUrl);
    token = await createToken('degrade', 'finance', 100_000);
    await mongoose.disconnect();
  }, 180_000);

  afterAll(async () => {
    for (const p of [procs?.api, procs?.db, procs?.redis]) await p?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${base}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  const upload = () => {
    const f = new FormData();
    f.set('kind', 'suppliers');
    f.set('file', new Blob(['Leveranciernummer;Naam\nLEV1;Een\n']), 'l.csv');
    return api('/api/v1/imports', { method: 'POST', body: f });
  };

  it('keeps reading while Redis is away; what needs it says 503 redis_unavailable with Retry-After, until it is back', async () => {
    expect((await api('/api/v1/imports')).status).toBe(200);
    await procs.redis.kill();
    const releaseRedis = await holdPort(ports.redis);
    // Reads need nothing from Redis; the token's rate limit is counted in the process meanwhile.
    for (let i = 0; i < 5; i++) expect((await api('/api/v1/imports')).status).toBe(200);
    const refused = await until('the upload refused', async () => {
      const r = await upload();
      return r.status === 503 ? r : null;
    });
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('redis_unavailable');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/redis/);
    // A signed-in page needs its session in Redis: a plain page in the reader's language says so.
    const page = await fetch(`${base}/sign-in`, { headers: { 'accept-language': 'nl' } });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('30');
    expect(await page.text()).toMatch(/<html lang="nl"/);

    await releaseRedis();
    await procs.redis.start();
    await until('uploads accepted again', async () => ((await upload()).status === 202 ? true : null));
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('says 503 database_unavailable, never 500, while the database is away, and serves again once it is back', async () => {
    await procs.db.kill();
    const releaseDb = await holdPort(ports.db);
    const away = await until('the database noticed away', async () => {
      const r = await api('/api/v1/imports');
      expect(r.status).not.toBe(500);
      return r.status === 503 ? r : null;
    });
    expect(away.headers.get('retry-after')).toBe('30');
    expect(((await away.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/mongodb/);

    await releaseDb();
    await procs.db.start();
    const back = await until('reads answered again', async () => {
      const r = await api('/api/v1/imports');
      return r.status === 200 ? r : null;
    });
    expect(await back.json()).toBeTruthy();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
