import type { ChildProcess } from 'node:child_process';
import type { TestApp } from './app.ts';
import { spawnTs, waitForJsonLine } from './spawn.ts';

/** A real `tijdig start worker` process on the test's MongoDB and Redis. */
export async function startWorkerProcess(app: TestApp, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawnTs('src/cli/main.ts', ['start', 'worker'], {
    MONGODB_URI: app.mongoUri,
    REDIS_URL: app.redisUrl,
    QUEUE_PREFIX: app.prefix,
    LOG_LEVEL: 'info',
    ...env,
  });
  await waitForJsonLine(child, (v) => (v.msg === 'workers started' ? true : undefined));
  return child;
}

export async function stopGracefully(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
