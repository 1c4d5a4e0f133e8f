/**
 * An import survives its worker being killed (SIGKILL), twice, at random points: restarted, it ends
 * with every invoice stored once, every value as in the file, and counts exactly those of an
 * uninterrupted run — for a new file (inserted, rejected) and for a corrected one (updated, unchanged).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ImportErrorModel, ImportModel } from '../../src/persistence/imports/import.model.ts';
import { InvoiceModel } from '../../src/persistence/invoices/invoice.model.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { killHard } from '../support/spawn.ts';
import { startWorkerProcess, stopGracefully } from '../support/worker-process.ts';

const ROWS = 300_000;
/** Every 10,000th row has a date that does not exist: rejected. */
const bad = (i: number) => i % 10_000 === 0;
const euros = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2 });
/** Row i's amount in cents; `corrected` changes every third row's. */
const cents = (i: number, corrected: boolean) => ((i * 7) % 10_000_000) + (corrected && i % 3 === 0 ? 100 : 0);

function dutchFile(corrected: boolean): Buffer {
  const lines = ['Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta'];
  for (let i = 1; i <= ROWS; i++) {
    const day = bad(i) ? '31-02-2025' : `${String((i % 28) + 1).padStart(2, '0')}-01-2025`;
    lines.push(`LEV${i % 500};F-${i};${day};15-03-2025;${euros.format(cents(i, corrected) / 100)};EUR`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('an import survives its worker being killed', () => {
  const app = useApp({ workers: false });
  const children: Array<Awaited<ReturnType<typeof startWorkerProcess>>> = [];
  afterAll(async () => {
    for (const c of children) await stopGracefully(c);
  });
  const env = { WORKER_LOCK_MS: '2000' };

  /** Starts a worker and kills it once the import has recorded at least `share` of the file. */
  async function killAt(id: string, share: number) {
    const w = await startWorkerProcess(app, env);
    children.push(w);
    let line = 0;
    for (let i = 0; i < 6000 && line < share * ROWS; i++) {
      await new Promise((res) => setTimeout(res, 10));
      line = (await ImportModel.findById(id).lean())?.committedLine ?? 0;
    }
    await killHard(w);
    const at = await ImportModel.findById(id).lean();
    expect(at?.status).toBe('running');
    return at?.committedLine ?? 0;
  }

  async function importKilledTwice(corrected: boolean) {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', dutchFile(corrected), corrected ? 'corrected.csv' : 'big.csv')
      .expect(202);
    const first = await killAt(r.body.id, 0.1 + Math.random() * 0.3);
    const second = await killAt(r.body.id, 0.5 + Math.random() * 0.3);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(ROWS + 1);
    children.push(await startWorkerProcess(app, env));
    const done = await waitForImport(app, r.body.id, 240_000);
    expect(done.status).toBe('completed');
    return { id: r.body.id as string, counts: done.counts };
  }

  async function storedMatchesFile(corrected: boolean) {
    expect(await InvoiceModel.countDocuments()).toBe(ROWS - ROWS / 10_000);
    const [{ total }] = await InvoiceModel.aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$amount' } } }]);
    let expected = 0;
    for (let i = 1; i <= ROWS; i++) if (!bad(i)) expected += cents(i, corrected);
    expect(total).toBe(expected);
    expect(await InvoiceModel.findOne({ invoiceNumber: 'F-12345' }).lean()).toMatchObject({
      supplierId: 'LEV345',
      amount: cents(12_345, corrected),
      issueDate: '2025-01-26',
    });
  }

  it('a new file: every row inserted once, the bad ones rejected once, as uninterrupted', async () => {
    const { id, counts } = await importKilledTwice(false);
    expect(counts).toEqual({ inserted: ROWS - 30, updated: 0, unchanged: 0, rejected: 30 });
    expect(await ImportErrorModel.countDocuments({ importId: id })).toBe(30);
    await storedMatchesFile(false);
  }, 300_000);

  it('a corrected file: exactly the changed rows updated, the rest unchanged', async () => {
    const { id, counts } = await importKilledTwice(true);
    const changed = Array.from({ length: ROWS }, (_, k) => k + 1).filter((i) => !bad(i) && i % 3 === 0).length;
    expect(counts).toEqual({ inserted: 0, updated: changed, unchanged: ROWS - 30 - changed, rejected: 30 });
    expect(await ImportErrorModel.countDocuments({ importId: id })).toBe(30);
    await storedMatchesFile(true);
  }, 300_000);
});
