import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Heap flags for a process that hosts the embedded database, as `npm start` gives them: it keeps
 * everything in the JS heap, so a million documents need more than V8's default, and a larger young
 * generation halved its longest pauses under writes. Other processes go without: the 64 MiB young
 * generation alone added about 100 MiB to an importer's peak RSS (bench/import.ts: 414 against 317).
 */
const DATABASE_HOST_FLAGS = ['--max-old-space-size=8192', '--max-semi-space-size=64'];

/**
 * Runs a TypeScript entry point of this repo as one node process (tsx as a loader, so the pid is the
 * program's). BENCH_CHILD_NODE_ARGS passes node flags (e.g. --cpu-prof) to children when profiling a benchmark.
 */
export function spawnTs(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: { hostsDatabase?: boolean; nodeArgs?: string[] } = {},
): ChildProcess {
  const extra = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const heap = opts.hostsDatabase ? DATABASE_HOST_FLAGS : [];
  return spawn(process.execPath, [...heap, ...(opts.nodeArgs ?? []), ...extra, '--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line that parses as JSON and satisfies `pick`. */
export function waitForJsonLine<T>(
  child: ChildProcess,
  pick: (v: Record<string, unknown>) => T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => reject(new Error(`timed out waiting for the child; stderr: ${stderr}`)), timeoutMs);
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        const found = pick(JSON.parse(line));
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      } catch {
        // not a JSON line
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready; stderr: ${stderr}`)));
  });
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // A profiled child writes its profile only on a clean exit.
  child.kill(process.env.BENCH_CHILD_NODE_ARGS ? 'SIGTERM' : 'SIGKILL');
  await exited;
}
