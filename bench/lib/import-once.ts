/**
 * One end-to-end import in a process of its own, as a worker runs it, so that its peak RSS is the
 * importer's alone: `tsx bench/lib/import-once.ts MONGODB_URI FILE`. Prints one JSON line with the
 * time taken (upload to GridFS, analysis pass, write pass), the counts and the peak RSS.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectMongo } from '../../src/persistence/connection.ts';
import { runImport } from '../../src/services/import-runner.ts';
import { createImport } from '../../src/services/imports.ts';
import { peakRssMiB, timed } from './measure.ts';

const [uri, file] = process.argv.slice(2);
await connectMongo(uri);
await mongoose.connection.syncIndexes();
const run = await timed(async () => {
  const { imp } = await createImport({
    input: fs.createReadStream(file),
    fileName: path.basename(file),
    kind: 'invoices',
    options: {},
    uploadedBy: 'bench',
    limitBytes: 1 << 30,
  });
  return runImport(imp._id, { baseCurrency: 'EUR', locale: 'nl' });
});
await mongoose.disconnect();
console.log(JSON.stringify({ ms: run.ms, counts: run.value.counts, status: run.value.status, peakRssMiB: peakRssMiB() }));
