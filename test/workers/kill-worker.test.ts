import { afterAll, describe, expect, it } from 'vitest';
import { ImportModel } from '../../src/persistence/imports/import.model.ts';
import { InvoiceModel } from '../../src/persistence/invoices/invoice.model.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { killHard } from '../support/spawn.ts';
import { startWorkerProcess, stopGracefully } from '../support/worker-process.ts';

const ROWS = 100_000;

function dutchFile(rows: number): Buffer {
  const lines = ['Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta'];
  const euros = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2 });
  for (let i = 1; i <= rows; i++)
    lines.push(
      `LEV${i % 500};F-${i};${String((i % 28) + 1).padStart(2, '0')}-01-2025;15-03-2025;${euros.format(((i * 7) % 10_000_000) / 100)};EUR`,
    );
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('an import survives its worker being killed', () => {
  const app = useApp({ workers: false });
  const children: Array<Awaited<ReturnType<typeof startWorkerProcess>>> = [];
  afterAll(async () => {
    for (const c of children) await stopGracefully(c);
  });

  it('finishes on another worker with every row imported once, none lost or duplicated', async () => {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', dutchFile(ROWS), 'big.csv')
      .expect(202);
    const env = { WORKER_LOCK_MS: '2000' };
    const first = await startWorkerProcess(app, env);
    children.push(first);

    // Kill it once some batches are written but the file is not finished.
    let committed = 0;
    for (let i = 0; i < 600 && committed === 0; i++) {
      await new Promise((res) => setTimeout(res, 25));
      committed = (await ImportModel.findById(r.body.id).lean())?.committedLine ?? 0;
    }
    await killHard(first);
    const atKill = await ImportModel.findById(r.body.id).lean();
    expect(atKill?.status).toBe('running');
    expect(atKill?.committedLine).toBeGreaterThan(0);
    expect(atKill?.committedLine).toBeLessThan(ROWS + 1);

    const second = await startWorkerProcess(app, env);
    children.push(second);
    const done = await waitForImport(app, r.body.id, 120_000);
    expect(done.status).toBe('completed');
    const counts = done.counts as { inserted: number; updated: number; unchanged: number; rejected: number };
    expect(counts.rejected).toBe(0);
    expect(counts.updated).toBe(0);
    // Rows written by the killed worker after its last saved batch are upserted again: unchanged, not duplicated.
    expect(counts.inserted + counts.unchanged).toBe(ROWS);
    expect(await InvoiceModel.countDocuments()).toBe(ROWS);
    expect(await InvoiceModel.findOne({ invoiceNumber: `F-${ROWS}` }).lean()).toMatchObject({
      supplierId: 'LEV0',
      amount: 7_000_00,
      issueDate: '2025-01-13',
    });
    expect(await InvoiceModel.findOne({ invoiceNumber: 'F-12345' }).lean()).toMatchObject({
      supplierId: 'LEV345',
      amount: 864_15,
      issueDate: '2025-01-26',
    });
  });
});
