import fs from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Peak resident set size of a process, from /proc (Linux), in MiB. */
export function peakRssMiB(pid: number = process.pid): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

export function table(rows: Array<Record<string, string | number>>): void {
  console.table(rows);
}

/** The heap in use after a full garbage collection, in MiB: what the process holds, not what it has not freed yet. */
export function liveHeapMiB(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
}
