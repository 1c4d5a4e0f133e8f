/**
 * A full recompute whose worker is killed (SIGKILL) mid-run finishes on another worker, and every
 * snapshot equals what an uninterrupted run computes: none missing, none twice, no figure different.
 */
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotModel } from '../../src/persistence/snapshots/snapshot.model.ts';
import { recomputeSuppliers } from '../../src/services/recompute.ts';
import type { RunResult } from '../../workers/recompute.processor.ts';
import { useApp, waitForRun } from '../support/app.ts';
import { killHard } from '../support/spawn.ts';
import { sizedSuppliers } from '../support/suppliers.ts';
import { startWorkerProcess, stopGracefully } from '../support/worker-process.ts';

const SUPPLIERS = 3000;
const AS_OF = '2025-06-30';

describe('a recompute survives its worker being killed', () => {
  const app = useApp({ workers: false });
  const children: Array<Awaited<ReturnType<typeof startWorkerProcess>>> = [];
  afterAll(async () => {
    for (const c of children) await stopGracefully(c);
  });

  it('finishes on another worker with every snapshot as an uninterrupted run computes it', async () => {
    const db = mongoose.connection.db!;
    await db.collection('suppliers').insertMany(sizedSuppliers(SUPPLIERS));
    await db.collection('invoices').insertMany(
      Array.from({ length: SUPPLIERS * 20 }, (_, k) => ({
        supplierId: `S${k % SUPPLIERS}`,
        invoiceNumber: `I${k}`,
        issueDate: `2025-0${1 + (k % 5)}-${String(1 + (k % 28)).padStart(2, '0')}`,
        amount: 1_000 + ((k * 7919) % 5_000_000),
        currency: 'EUR',
        ...(k % 3 === 0 ? { paidDate: '2025-06-20' } : {}),
      })),
    );

    // The uninterrupted figures, computed here; then the day is cleared for the workers.
    const ids = (
      await db
        .collection('suppliers')
        .find({}, { projection: { supplierId: 1 } })
        .toArray()
    ).map((d) => d.supplierId as string);
    for (let i = 0; i < ids.length; i += 250) await recomputeSuppliers(ids.slice(i, i + 250), AS_OF, app.org);
    const figures = async () =>
      new Map(
        (await SnapshotModel.find({ asOf: AS_OF }, { _id: 0, supplierId: 1, health: 1 }).lean()).map((d) => [
          d.supplierId,
          JSON.stringify(d.health),
        ]),
      );
    const expected = await figures();
    expect(expected.size).toBe(SUPPLIERS);
    await SnapshotModel.deleteMany({ asOf: AS_OF });

    const env = { WORKER_LOCK_MS: '2000' };
    const first = await startWorkerProcess(app, env);
    children.push(first);
    const run = await app.recompute.full(AS_OF, `killed_${Date.now()}`);
    // Killed once some batches are saved, before all are.
    let saved = 0;
    for (let i = 0; i < 2000 && saved === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      saved = await SnapshotModel.countDocuments({ asOf: AS_OF });
    }
    await killHard(first);
    const atKill = await SnapshotModel.countDocuments({ asOf: AS_OF });
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(SUPPLIERS);

    const second = await startWorkerProcess(app, env);
    children.push(second);
    await waitForRun(app, String(run.id), 120_000);
    const result = (await app.recompute.queue.getJob(String(run.id)))?.returnvalue as RunResult;
    expect(result).toMatchObject({ suppliers: SUPPLIERS, computed: SUPPLIERS, batches: SUPPLIERS / 250 });
    const after = await figures();
    expect(after.size).toBe(SUPPLIERS);
    const differing = [...expected].filter(([id, h]) => after.get(id) !== h).map(([id]) => id);
    expect(differing).toEqual([]);
  }, 240_000);
});
