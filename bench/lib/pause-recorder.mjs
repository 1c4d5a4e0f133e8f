// Loaded into a benchmark's server process with `--import`: writes to PAUSE_LOG each event-loop
// stall and each garbage-collector pause of 5 ms or more, with its wall-clock time, so the benchmark
// can tell a long wait the server caused from one the client did (a 2-core machine runs both), and
// for a stall, how much of it the main thread spent on a CPU and waiting for one.
// Plain JavaScript: it loads before tsx.
import fs from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.PAUSE_LOG;
if (file) {
  const fd = fs.openSync(file, 'a');
  const MIN_MS = 5;
  const TICK_MS = 2;
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'gc-minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'gc-major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'gc-incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'gc-weakcb',
  };
  new PerformanceObserver((list) => {
    let lines = '';
    for (const e of list.getEntries())
      if (e.duration >= MIN_MS) {
        const kind = kinds[e.detail?.kind] ?? 'gc-other';
        lines += `${kind} ${(performance.timeOrigin + e.startTime).toFixed(1)} ${e.duration.toFixed(1)}\n`;
      }
    if (lines) fs.writeSync(fd, lines);
  }).observe({ entryTypes: ['gc'] });
  // A timer due every TICK_MS that fires late by d ms means nothing ran the loop for about d ms.
  // The main thread's scheduler statistics (Linux) say what it did meanwhile: ran on a CPU (the
  // server's own work, its GC pauses included), waited for one (another process or thread had it),
  // or neither (blocked in a system call, such as a write(2) waiting for the disk).
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  const sched = () => {
    try {
      const [cpu, queued] = fs.readFileSync(schedstat, 'utf8').split(' ');
      return { cpu: Number(cpu) / 1e6, queued: Number(queued) / 1e6 };
    } catch {
      return { cpu: Number.NaN, queued: Number.NaN };
    }
  };
  let last = performance.now();
  let lastSched = sched();
  setInterval(() => {
    const now = performance.now();
    const s = sched();
    const late = now - last - TICK_MS;
    if (late >= MIN_MS)
      fs.writeSync(
        fd,
        `loop ${(performance.timeOrigin + last).toFixed(1)} ${late.toFixed(1)} ${(s.cpu - lastSched.cpu).toFixed(1)} ${(s.queued - lastSched.queued).toFixed(1)}\n`,
      );
    last = now;
    lastSched = s;
  }, TICK_MS).unref();
}
