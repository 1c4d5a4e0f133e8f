import { afterAll, describe, expect, it } from 'vitest';
import { InvoiceModel } from '../../src/persistence/invoices/invoice.model.ts';
import { SnapshotModel } from '../../src/persistence/snapshots/snapshot.model.ts';
import { SupplierModel } from '../../src/persistence/suppliers/supplier.model.ts';
import type { RunResult } from '../../workers/recompute.processor.ts';
import { useApp } from '../support/app.ts';
import { startWorkerProcess, stopGracefully } from '../support/worker-process.ts';

const SUPPLIERS = 3000;
const AS_OF = '2025-06-30';

describe('a full recompute shared by worker processes', () => {
  const app = useApp({ workers: false });
  const children: Array<Awaited<ReturnType<typeof startWorkerProcess>>> = [];
  afterAll(async () => {
    for (const c of children) await stopGracefully(c);
  });

  async function seed() {
    await SupplierModel.insertMany(
      Array.from({ length: SUPPLIERS }, (_, s) => ({
        supplierId: `S${s}`,
        name: `Supplier ${s}`,
        country: 'NL',
        employees: s % 300,
        annualRevenue: (s % 50) * 1_000_000_00 + 10_000_00,
        revenueCurrency: 'EUR',
        paymentTermsDays: [14, 30, 45, 90][s % 4],
      })),
    );
    const invoices = [];
    for (let s = 0; s < SUPPLIERS; s++) {
      for (let k = 0; k < 4; k++) {
        const issue = `2025-0${1 + ((s + k) % 5)}-${String(1 + ((s * 7 + k) % 28)).padStart(2, '0')}`;
        invoices.push({
          supplierId: `S${s}`,
          invoiceNumber: `I${k}`,
          issueDate: issue,
          amount: k === 3 && s % 5 === 0 ? -5_000 : 1_000_00 + ((s * 31 + k * 17) % 90_000_00),
          currency: s % 7 === 0 ? 'USD' : 'EUR',
          ...((s + k) % 3 === 0 ? { paidDate: `2025-0${2 + ((s + k) % 4)}-15` } : {}),
        });
      }
    }
    await InvoiceModel.insertMany(invoices);
  }

  async function fullRun(runId: string) {
    const job = await app.recompute.full(AS_OF, runId);
    const result = await app.recompute.waitFor<RunResult>(job, 120_000);
    const batchResults = Object.values(await job.getChildrenValues()) as Array<{ computed: number; worker: number }>;
    const snapshots = await SnapshotModel.find({ asOf: AS_OF }, { _id: 0, computedAt: 0 }).sort({ supplierId: 1 }).lean();
    return { result, batchResults, snapshots };
  }

  it('splits the work across two processes and gives exactly what one process gives', async () => {
    await seed();
    const one = await startWorkerProcess(app);
    children.push(one);
    const single = await fullRun('single');
    expect(single.result).toMatchObject({ suppliers: SUPPLIERS, computed: SUPPLIERS, batches: Math.ceil(SUPPLIERS / 250) });
    expect(new Set(single.batchResults.map((b) => b.worker))).toEqual(new Set([one.pid]));

    await SnapshotModel.deleteMany({});
    const two = await startWorkerProcess(app);
    children.push(two);
    // The process says it started before Redis lists its connection; wait until both are listed.
    for (let i = 0; i < 100 && (await app.recompute.queue.getWorkersCount()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await app.recompute.queue.getWorkersCount()).toBeGreaterThanOrEqual(2);
    const shared = await fullRun('shared');
    const workers = new Set(shared.batchResults.map((b) => b.worker));
    expect(workers).toEqual(new Set([one.pid, two.pid]));
    expect(shared.result.computed).toBe(SUPPLIERS);
    expect(shared.snapshots).toHaveLength(SUPPLIERS);
    expect(JSON.stringify(shared.snapshots)).toBe(JSON.stringify(single.snapshots));
    // Something real was computed: some suppliers are harmed, some owed interest.
    expect(shared.snapshots.some((s) => s.harmScore > 0)).toBe(true);
  });
});
