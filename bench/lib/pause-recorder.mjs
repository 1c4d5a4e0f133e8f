// Loaded into a benchmark's server process with `--import`: writes to PAUSE_LOG each event-loop
// stall and each garbage-collector pause of 5 ms or more, with its wall-clock time, so the benchmark
// can tell a long wait the server caused from one the client did (a 2-core machine runs both).
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
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK_MS;
    if (late >= MIN_MS) fs.writeSync(fd, `loop ${(performance.timeOrigin + last).toFixed(1)} ${late.toFixed(1)}\n`);
    last = now;
  }, TICK_MS).unref();
}
