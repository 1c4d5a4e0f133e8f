/**
 * The chaos soak's processes, each one that can be killed with SIGKILL and brought back as it was:
 * a redis-server (append-only, fsync always, on a fixed port), the embedded database as its own
 * process (fixed port, its data directory), the API and the workers on them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { redisAnswers } from '../../src/runtime/redis-server.ts';
import { killHard, spawnTs, waitForJsonLine } from './spawn.ts';

export interface Managed {
  name: string;
  /** Starts it and resolves once it serves. */
  start: () => Promise<void>;
  /** kill -9. */
  kill: () => Promise<void>;
  /** Stops it cleanly (the end of the run). */
  stop: () => Promise<void>;
  /** Its resident memory now, in MiB (null while it is down). */
  rssMiB: () => number | null;
}

function managed(name: string, launch: () => ChildProcess, ready: (child: ChildProcess) => Promise<void>): Managed {
  let child: ChildProcess | null = null;
  return {
    name,
    start: async () => {
      child = launch();
      child.stderr?.resume();
      await ready(child);
      // Read on, or a full pipe would stop the process at its next log line.
      child.stdout?.resume();
    },
    kill: async () => {
      if (child) await killHard(child);
      child = null;
    },
    stop: async () => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (c.exitCode === null && c.signalCode === null) await killHard(c);
    },
    rssMiB: () => {
      if (!child?.pid || child.exitCode !== null) return null;
      try {
        const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Math.round(Number(kb) / 1024) : null;
      } catch {
        return null;
      }
    },
  };
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function redisProcess(port: number, dir: string): Managed {
  fs.mkdirSync(dir, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  return managed(
    'redis',
    () =>
      spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      ),
    () => until('redis', () => redisAnswers(url, 200)),
  );
}

export function databaseProcess(port: number, dir: string): Managed {
  return managed(
    'database',
    () => spawnTs('embedded-db/main.ts', ['--port', String(port), '--data', dir], {}, { hostsDatabase: true }),
    async (child) => {
      await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? true : undefined), 120_000);
    },
  );
}

export function apiProcess(env: NodeJS.ProcessEnv, base: string): Managed {
  return managed(
    'api',
    () => spawnTs('src/cli/main.ts', ['start', 'api'], env),
    () =>
      until(
        'the API',
        async () => {
          try {
            return (await fetch(`${base}/readyz`)).ok;
          } catch {
            return false;
          }
        },
        120_000,
      ),
  );
}

export function workerProcess(name: string, env: NodeJS.ProcessEnv): Managed {
  return managed(
    name,
    () => spawnTs('src/cli/main.ts', ['start', 'worker'], env),
    async (child) => {
      await waitForJsonLine(child, (v) => (v.msg === 'workers started' ? true : undefined), 120_000);
    },
  );
}
