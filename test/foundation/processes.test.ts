import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { useRedis } from '../support/redis.ts';
import { spawnTs, waitForJsonLine } from '../support/spawn.ts';

describe('tijdig start all on the embedded defaults', () => {
  const redis = useRedis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function start() {
    const child = spawnTs(
      'src/cli/main.ts',
      ['start', 'all'],
      {
        TIJDIG_DATA_DIR: dataDir,
        PORT: '0',
        REDIS_URL: redis.url,
        QUEUE_PREFIX: redis.prefix,
        MONGODB_URI: '',
      },
      { hostsDatabase: true },
    );
    let dbPort = 0;
    const apiUrl = await waitForJsonLine(child, (v) => {
      if (v.msg === 'embedded MongoDB-compatible server started') dbPort = Number(v.port);
      return v.msg === 'tijdig API listening' ? String(v.url) : undefined;
    });
    return { child, apiUrl, dbPort };
  }

  async function stop(child: ReturnType<typeof spawnTs>) {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  }

  it('is ready, shuts down cleanly on SIGTERM, and keeps its data across a restart', async () => {
    const a = await start();
    const ready = await fetch(`${a.apiUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { mongodb: 'ok', redis: 'ok' } });
    const client = await new MongoClient(`mongodb://127.0.0.1:${a.dbPort}/tijdig`).connect();
    await client.db('tijdig').collection('probe').insertOne({ kept: 'across restarts' });
    await client.close();
    expect(await stop(a.child)).toBe(0);

    const b = await start();
    const client2 = await new MongoClient(`mongodb://127.0.0.1:${b.dbPort}/tijdig`).connect();
    expect(
      await client2
        .db('tijdig')
        .collection('probe')
        .findOne({}, { projection: { _id: 0 } }),
    ).toEqual({ kept: 'across restarts' });
    await client2.close();
    expect(await stop(b.child)).toBe(0);
  });

  it('refuses to start with a bad variable and names it', async () => {
    const child = spawnTs('src/cli/main.ts', ['start', 'all'], { ORG_TIMEZONE: 'Mars/Olympus', TIJDIG_DATA_DIR: dataDir });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(stderr).toMatch(/ORG_TIMEZONE/);
  });

  it('says so when its port is taken, and stops', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const child = spawnTs(
        'src/cli/main.ts',
        ['start', 'api'],
        {
          TIJDIG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-port-')),
          PORT: String(port),
          REDIS_URL: redis.url,
          QUEUE_PREFIX: redis.prefix,
          MONGODB_URI: '',
        },
        { hostsDatabase: true },
      );
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      expect(await new Promise((r) => child.once('exit', r))).toBe(2);
      expect(stderr).toContain(`tijdig: 127.0.0.1:${port} is in use by another program: set PORT (or HOST) to a free one`);
    } finally {
      taken.close();
    }
  });
});
