/**
 * Two runs of one import at once: what happens when a worker's lock lapses (its event loop blocked
 * past the lock time) and BullMQ gives the job to another worker while the first still runs.
 */
import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ImportModel } from '../../src/persistence/imports/import.model.ts';
import { ImportSuperseded, type RunnerDeps, runImport } from '../../src/services/import-runner.ts';
import { createImport } from '../../src/services/imports.ts';
import { useApp } from '../support/app.ts';

const ROWS = 12_000;

function invoicesCsv(): string {
  const lines = ['Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta'];
  for (let i = 0; i < ROWS; i++) lines.push(`LEV${String(i % 40).padStart(3, '0')};RUN-${i};03-01-2025;02-02-2025;${100 + i},00;EUR`);
  return `${lines.join('\n')}\n`;
}

describe('an import run twice at once', () => {
  useApp();
  const deps: RunnerDeps = { baseCurrency: 'EUR', locale: 'nl', today: '2025-03-01' };

  it('lets the newer run own the record: the older one cannot overwrite its counts and progress', { timeout: 120_000 }, async () => {
    const { imp } = await createImport({
      input: Readable.from([invoicesCsv()]),
      fileName: 'twice.csv',
      kind: 'invoices',
      options: {},
      uploadedBy: 'test',
      limitBytes: 50 << 20,
    });

    // The older run writes its first batch, then stalls (its lock lapses meanwhile) ...
    let resume!: () => void;
    const stalled = new Promise<void>((r) => {
      resume = r;
    });
    let reachedStall!: () => void;
    const atStall = new Promise<void>((r) => {
      reachedStall = r;
    });
    let calls = 0;
    const older = runImport(imp._id, {
      ...deps,
      onProgress: async () => {
        calls++;
        if (calls === 1) {
          reachedStall();
          await stalled;
        } else if (calls === 2) throw new Error('the older worker died');
      },
    });
    const olderSettled = older.then(
      () => 'completed',
      (e: Error) => e,
    );
    await atStall;

    // ... the newer run takes the job over and completes it ...
    const newer = await runImport(imp._id, deps);
    expect(newer).toMatchObject({ status: 'completed', counts: { inserted: ROWS, updated: 0, unchanged: 0, rejected: 0 } });

    // ... and the older one wakes up, writes one more batch and dies.
    resume();
    const outcome = await olderSettled;
    // It stops at whichever comes first: its own death, or finding at a batch that it was superseded.
    expect(outcome).toBeInstanceOf(Error);
    if (!(outcome instanceof ImportSuperseded)) expect((outcome as Error).message).toBe('the older worker died');
    // Its batch still in flight when it died lands within moments; it must change nothing.
    await new Promise((r) => setTimeout(r, 1500));
    const record = await ImportModel.findById(imp._id).lean();
    expect(record).toMatchObject({
      status: 'completed',
      counts: { inserted: ROWS, updated: 0, unchanged: 0, rejected: 0 },
      progress: { rowsRead: ROWS },
    });
    expect(await mongoose.connection.db!.collection('invoices').countDocuments({ invoiceNumber: /^RUN-/ })).toBe(ROWS);
  });
});
