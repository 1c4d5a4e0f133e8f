/**
 * The embedded server as its own process: `tsx embedded-db/main.ts --port 27017 --data ./data/db`.
 * Prints one JSON line `{"listening": PORT}` once it accepts connections (tests wait for it).
 */
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './server.ts';
import type { CompactionStep } from './storage/compaction.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    fsync: { type: 'string', default: 'interval' },
    // For crash tests: kill this process (SIGKILL) when a compaction reaches the named step.
    'crash-at': { type: 'string' },
  },
});
const CRASH_STEPS: CompactionStep[] = ['rotated', 'snapshot-begun', 'snapshot-written', 'snapshot-installed', 'journals-deleted'];
const crashAt = values['crash-at'];
if (crashAt !== undefined && !CRASH_STEPS.includes(crashAt as CompactionStep)) {
  console.error(`--crash-at must be one of ${CRASH_STEPS.join(', ')}, got "${crashAt}"`);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
if (values.fsync !== 'interval' && values.fsync !== 'always') {
  console.error(`--fsync must be "interval" or "always", got "${values.fsync}"`);
  process.exit(2);
}

let armed = false;
const server = await startEmbeddedMongo({
  port,
  host: values.host,
  dataDir: values.data,
  journal: { fsync: values.fsync },
  // Not in the compaction a start begins of what it found (it runs once every collection is read).
  compaction: {
    onStep: (step, atStart) => {
      if (step === 'rotated') armed = !atStart;
      if (armed && step === crashAt) process.kill(process.pid, 'SIGKILL');
    },
  },
  onError: (e) => console.error('embedded-db internal error', e),
});
console.log(JSON.stringify({ listening: server.port, dataDir: values.data ?? null }));

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void server.close().then(() => process.exit(0));
  });
}
