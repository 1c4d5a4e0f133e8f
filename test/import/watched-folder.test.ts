/**
 * The watched folder: files put there are imported once by themselves (invoices at the top, suppliers
 * in suppliers/, e-invoices too), each moved to done/ or failed/ beside a report; a file still being
 * written waits; one left in processing/ by a stopped process is taken again, harmlessly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { type WatchedFolder, watchFolder } from '../../src/services/watched-folder.ts';
import { useApp } from '../support/app.ts';
import { einvoice } from '../support/einvoices.ts';

const read = (...p: string[]) => fs.readFileSync(path.join(...p), 'utf8');

describe('the watched folder', () => {
  const app = useApp();
  let folder: WatchedFolder | null = null;
  afterEach(async () => {
    await folder?.stop();
    folder = null;
  });

  async function watch(dir: string) {
    folder = await watchFolder({
      dir,
      // The test looks itself (scan); the loop stays out of its way.
      intervalMs: 3_600_000,
      limitBytes: 10 * 2 ** 20,
      enqueue: app.enqueueImport,
      logger: createLogger('silent'),
    });
    return folder;
  }

  it('imports each file once it is written whole, and files it under done/ or failed/ with a report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-watch-'));
    const f = await watch(dir);
    fs.writeFileSync(
      path.join(dir, 'suppliers', 'leveranciers.csv'),
      'Leveranciernummer;Naam;BTW-nummer\nLEV001;Bakkerij Jansen;NL001234567B01\n',
    );
    fs.writeFileSync(
      path.join(dir, 'facturen.csv'),
      'Crediteur;Factuurnummer;Factuurdatum;Bedrag\nLEV001;W-1;01-09-2025;10,00\nLEV001;W-2;31-02-2025;12,00\n',
    );
    fs.writeFileSync(path.join(dir, 'factuur.xml'), einvoice('ubl-invoice-nl.xml'));
    fs.writeFileSync(path.join(dir, 'kapot.zip'), 'PK\u0003\u0004 not a zip');
    fs.writeFileSync(path.join(dir, 'half.csv.part'), 'still being written');
    // The first look only notes each file; nothing is taken while it may still be growing.
    await f.scan();
    expect(fs.readdirSync(path.join(dir, 'done'))).toEqual([]);
    await f.scan();

    expect(fs.readdirSync(path.join(dir, 'done')).sort()).toEqual([
      'facturen.csv',
      'facturen.csv.report.txt',
      'factuur.xml',
      'factuur.xml.report.txt',
      'leveranciers.csv',
      'leveranciers.csv.report.txt',
    ]);
    // Supplier files in suppliers/ are read as suppliers.
    expect(read(dir, 'done', 'leveranciers.csv.report.txt')).toMatch(/kind: suppliers[\s\S]*status: completed\ninserted 1/);
    expect(read(dir, 'done', 'facturen.csv.report.txt')).toMatch(
      /status: completed\ninserted 1, updated 0, unchanged 0, rejected 1[\s\S]*line 3, Factuurdatum "31-02-2025": no such date/,
    );
    expect(read(dir, 'done', 'factuur.xml.report.txt')).toMatch(/inserted 1[\s\S]*note: suppliers found by VAT number 1/);
    expect(fs.readdirSync(path.join(dir, 'failed')).sort()).toEqual(['kapot.zip', 'kapot.zip.report.txt']);
    expect(read(dir, 'failed', 'kapot.zip.report.txt')).toMatch(/status: refused\nerror: kapot\.zip: this is not a zip that can be read/);
    // The bakery's VAT number, from the supplier file, found its e-invoice.
    const invoices = mongoose.connection.db!.collection('invoices');
    expect(await invoices.findOne({ supplierId: 'LEV001', invoiceNumber: 'JV-2025-0417' })).toMatchObject({ amount: 123_456 });
    expect(await invoices.findOne({ supplierId: 'LEV001', invoiceNumber: 'W-1' })).toMatchObject({ amount: 1_000 });
    // What is being written is left alone.
    expect(fs.existsSync(path.join(dir, 'half.csv.part'))).toBe(true);
  });

  it('imports the same file put there again once only, and takes back what a stopped process left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-watch-'));
    fs.mkdirSync(path.join(dir, 'processing'), { recursive: true });
    const csv = 'Crediteur;Factuurnummer;Factuurdatum;Bedrag\nLEV001;W-9;01-09-2025;10,00\n';
    fs.writeFileSync(path.join(dir, 'processing', 'onderbroken.csv'), csv);
    const f = await watch(dir);
    expect(fs.existsSync(path.join(dir, 'onderbroken.csv'))).toBe(true);
    await f.scan();
    await f.scan();
    expect(read(dir, 'done', 'onderbroken.csv.report.txt')).toMatch(/status: completed\ninserted 1/);
    fs.writeFileSync(path.join(dir, 'onderbroken.csv'), csv);
    await f.scan();
    await f.scan();
    expect(read(dir, 'done', 'onderbroken-2.csv.report.txt')).toMatch(
      /status: duplicate\ninserted 0[\s\S]*error: already imported as [0-9a-f]{24}: nothing changed/,
    );
  });
});
