/**
 * A real `tijdig start api` process for a benchmark: its own data directory (embedded database
 * in-process), a free port, request logs at `warn`; resolves once /readyz answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDescriptor } from '../../src/runtime/descriptor.ts';
import { freePort } from '../../src/runtime/redis-server.ts';
import { removePrefix } from '../../test/support/redis-keys.ts';
import { killHard, spawnTs } from '../../test/support/spawn.ts';

export async function startApi(redisUrl: string, name: string, env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tijdig-bench-${name}-`));
  const port = await freePort();
  const prefix = `tijdig-bench-${name}-${process.pid}`;
  const child = spawnTs(
    'src/cli/main.ts',
    ['start', 'api'],
    {
      TIJDIG_DATA_DIR: dataDir,
      PORT: String(port),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      // Request logs off: a benchmark measures the answers, not a log line per request written to a pipe.
      LOG_LEVEL: 'warn',
      ...env,
    },
    { hostsDatabase: true },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error('the API did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  const running = readDescriptor(dataDir);
  if (!running) throw new Error('no runtime descriptor from the API process');
  return {
    child,
    base,
    mongoUrl: running.mongoUrl,
    stop: async () => {
      await killHard(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
      await removePrefix(redisUrl, prefix);
    },
  };
}
