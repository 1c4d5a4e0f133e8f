import { afterAll, describe, expect, it } from 'vitest';
import { InvoiceModel } from '../../src/persistence/invoices/invoice.model.ts';
import { SnapshotModel } from '../../src/persistence/snapshots/snapshot.model.ts';
import { SupplierModel } from '../../src/persistence/suppliers/supplier.model.ts';
import { type TestApp, useApp } from '../support/app.ts';
import { spawnTs } from '../support/spawn.ts';
import { startWorkerProcess, stopGracefully } from '../support/worker-process.ts';

/** Runs the CLI to its end; a process still running after `limitMs` is killed and reported as hanging. */
function runCli(app: TestApp, args: string[], limitMs = 30_000): Promise<{ code: number | null; stdout: string; hung: boolean }> {
  const child = spawnTs('src/cli/main.ts', args, { MONGODB_URI: app.mongoUri, REDIS_URL: app.redisUrl, QUEUE_PREFIX: app.prefix });
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, limitMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, hung });
    }),
  );
}

describe('tijdig recompute --wait', () => {
  const app = useApp({ workers: false });
  const children: Array<Awaited<ReturnType<typeof startWorkerProcess>>> = [];
  afterAll(async () => {
    for (const c of children) await stopGracefully(c);
  });

  it('does the work itself when no worker runs, and exits when it is done', async () => {
    await SupplierModel.insertMany([
      { supplierId: 'LEV001', name: 'Bakkerij Jansen', country: 'NL', paymentTermsDays: 30 },
      { supplierId: 'LEV002', name: 'Staal BV', country: 'NL', paymentTermsDays: 60 },
    ]);
    await InvoiceModel.insertMany([
      { supplierId: 'LEV001', invoiceNumber: 'F1', issueDate: '2025-01-03', amount: 1_234_56, currency: 'EUR' },
      { supplierId: 'LEV002', invoiceNumber: 'F2', issueDate: '2025-02-01', amount: 500_00, currency: 'EUR', paidDate: '2025-05-01' },
    ]);
    const r = await runCli(app, ['recompute', '--as-of', '2025-06-30', '--wait']);
    expect(r.hung).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no worker is running; processing here/);
    expect(r.stdout).toMatch(/recomputed 2 of 2 suppliers in 1 batches for 2025-06-30/);
    expect(await SnapshotModel.countDocuments({ asOf: '2025-06-30' })).toBe(2);
  });

  it('leaves the work to a running worker, and exits when it is done', async () => {
    children.push(await startWorkerProcess(app));
    const r = await runCli(app, ['recompute', '--as-of', '2025-07-31', '--wait']);
    expect(r.hung).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/processing here/);
    expect(r.stdout).toMatch(/recomputed 2 of 2 suppliers in 1 batches for 2025-07-31/);
    expect(await SnapshotModel.countDocuments({ asOf: '2025-07-31' })).toBe(2);
  });
});
