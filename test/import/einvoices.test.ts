/**
 * E-invoices imported directly: UBL (Peppol BIS Billing 3.0) invoices and credit notes and CII
 * (Factur-X/ZUGFeRD/XRechnung) documents, one at a time, in a zip, or inside a PDF; their suppliers
 * found by VAT number, registration, Peppol address or IBAN, else made; hostile and broken documents
 * refused one by one, naming the document and the element, while the rest of the zip is imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { einvoicesAsCsv, readEInvoice } from '../../src/import/einvoice/as-csv.ts';
import { SupplierKeys } from '../../src/import/supplier-keys.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { einvoice, importSuppliersWithVat, pdfWith } from '../support/einvoices.ts';
import { zipOf } from '../support/zip.ts';

const db = () => mongoose.connection.db!;
const invoice = (supplierId: string, invoiceNumber: string) => db().collection('invoices').findOne({ supplierId, invoiceNumber });
const supplier = (supplierId: string) =>
  db()
    .collection('suppliers')
    .findOne({ supplierId }, { projection: { _id: 0, createdAt: 0, updatedAt: 0 } });

const ubl = (id: string, body = '') =>
  `<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">${id ? `<cbc:ID>${id}</cbc:ID>` : ''}<cbc:IssueDate>2025-09-03</cbc:IssueDate>${body}</Invoice>`;
const party =
  '<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0106">87654321</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty>';
const total = (amount: string, ccy = 'EUR') =>
  `<cbc:DocumentCurrencyCode>${ccy}</cbc:DocumentCurrencyCode>${party}<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="${ccy}">${amount}</cbc:PayableAmount></cac:LegalMonetaryTotal>`;

describe('reading one document', () => {
  it('reads UBL and CII with the business terms tijdig needs, credit notes negative', async () => {
    expect(await readEInvoice(einvoice('ubl-invoice-nl.xml'))).toMatchObject({
      syntax: 'UBL',
      number: 'JV-2025-0417',
      issueDate: '2025-09-01',
      dueDate: '2025-10-01',
      // The payable amount after the document-level allowance, not a sum of the lines.
      amount: '1234.56',
      currency: 'EUR',
      buyerReference: 'KP-4711',
      purchaseOrder: 'PO-88213',
      paymentReference: 'RF18539007547034',
      supplier: { vat: 'NL001234567B01', registration: '12345678', peppol: '0106:12345678', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
    });
    expect(await readEInvoice(einvoice('ubl-creditnote-nl.xml'))).toMatchObject({
      amount: '-50.00',
      creditNote: true,
      corrects: 'JV-2025-0417',
      dueDate: '2025-10-20',
    });
    // No due date given: the issue date plus the days the payment terms name ("Net 45 days"); prepaid taken off.
    expect(await readEInvoice(einvoice('cii-invoice-uk.xml'))).toMatchObject({
      syntax: 'CII',
      issueDate: '2025-09-15',
      dueDate: '2025-10-30',
      amount: '2000.00',
      currency: 'GBP',
      supplier: { name: 'Sheffield Works Ltd', country: 'GB', vat: 'GB123456789', registration: '01234567', peppol: '9932:GB123456789' },
    });
    expect(await readEInvoice(einvoice('cii-creditnote-de.xml'))).toMatchObject({
      amount: '-119.00',
      creditNote: true,
      corrects: 'GR-2025-190',
    });
  });

  it('names the element of what is wrong, and refuses DTDs, entities and other XML', async () => {
    await expect(readEInvoice(Buffer.from(ubl('', total('10.00'))))).rejects.toThrow('cbc:ID (the invoice number) is missing');
    await expect(readEInvoice(Buffer.from(ubl('X-1', party)))).rejects.toThrow(
      'cac:LegalMonetaryTotal/cbc:PayableAmount (the amount due) is missing',
    );
    await expect(readEInvoice(Buffer.from(ubl('X-1', total('10.00', 'EUX'))))).rejects.toThrow(
      'cbc:DocumentCurrencyCode "EUX" is not an ISO 4217 currency code',
    );
    const xxe = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>${ubl('&x;', total('1.00'))}`;
    await expect(readEInvoice(Buffer.from(xxe))).rejects.toThrow(/a document type declaration is not allowed/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    await expect(readEInvoice(Buffer.from(laughs))).rejects.toThrow(/a document type declaration is not allowed/);
    await expect(readEInvoice(Buffer.from('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>'))).rejects.toThrow(
      'not a UBL Invoice or CreditNote, nor a CII CrossIndustryInvoice (the root element is Order in urn:oasis:names:specification:ubl:schema:xsd:Order-2)',
    );
    await expect(readEInvoice(Buffer.from('<Invoice><cbc:ID>'))).rejects.toThrow(/not well-formed XML/);
  });

  it('finds suppliers by VAT number, then registration, Peppol address, IBAN; else makes one with a clear id', () => {
    const keys = new SupplierKeys([
      { supplierId: 'A', vatNumber: 'NL001234567B01', iban: 'NL91ABNA0417164300' },
      { supplierId: 'B', registrationNumber: '12345678' },
      { supplierId: 'C', peppolId: '0106:87654321', iban: 'GB33BUKB20201555555555' },
    ]);
    const none = { vat: '', registration: '', peppol: '', iban: '' };
    const d = { name: 'X', country: 'NL', bic: '' };
    // VAT first, though the IBAN is C's.
    expect(keys.find({ ...none, vat: 'nl 0012.34.567.b01', iban: 'GB33BUKB20201555555555' }, d)).toEqual({ supplierId: 'A', how: 'vat' });
    expect(keys.find({ ...none, registration: '1234 5678', peppol: '0106:87654321' }, d)).toEqual({ supplierId: 'B', how: 'registration' });
    expect(keys.find({ ...none, peppol: '0106:87654321' }, d)).toEqual({ supplierId: 'C', how: 'peppol' });
    expect(keys.find({ ...none, iban: 'NL91 ABNA 0417 1643 00' }, d)).toEqual({ supplierId: 'A', how: 'iban' });
    const made = keys.find(
      { ...none, vat: 'BE0123456749', iban: 'BE00 0000 0000 0000' },
      { name: 'Brouwerij', country: 'be', bic: 'gebabebb' },
    );
    expect(made).toEqual({
      supplierId: 'BE0123456749',
      how: 'new',
      created: {
        supplierId: 'BE0123456749',
        name: 'Brouwerij',
        country: 'BE',
        vatNumber: 'BE0123456749',
        ibanInvalid: 'BE00 0000 0000 0000',
        bic: 'GEBABEBB',
      },
    });
    // The next document of the same new supplier finds it; one with only a Peppol address gets an id from it.
    expect(keys.find({ ...none, vat: 'BE0123456749' }, d).supplierId).toBe('BE0123456749');
    expect(keys.find({ ...none, peppol: '9925:BE0999999999' }, d).supplierId).toBe('PEPPOL-9925-be0999999999');
    // Another VAT number is another company, though it gives A's bank account.
    expect(keys.find({ ...none, vat: 'NL999999999B01', iban: 'NL91ABNA0417164300' }, d)).toMatchObject({
      supplierId: 'NL999999999B01',
      how: 'new',
    });
    expect(keys.summary()).toBe('suppliers found by VAT number 1, registration number 1, Peppol address 1, IBAN 1; new 3');
  });

  it('turns a zip into one line per document, skipping what is not a document', async () => {
    const zip = await zipOf([
      ['in/ubl-invoice-nl.xml', einvoice('ubl-invoice-nl.xml')],
      ['__MACOSX/in/._ubl-invoice-nl.xml', 'resource fork'],
      ['in/readme.txt', 'not a document'],
      ['in/bad.xml', '<nope/>'],
    ]);
    const source = (start: number, end: number) => {
      const { Readable } = require('node:stream') as typeof import('node:stream');
      return Readable.from([zip.subarray(start, end)]);
    };
    let csv = '';
    for await (const c of einvoicesAsCsv(source, zip.length, 'batch.zip', { maxUnpackedBytes: 2 ** 20 })) csv += String(c);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^in\/ubl-invoice-nl\.xml,,JV-2025-0417,2025-09-01,2025-10-01,1234\.56,EUR,/);
    expect(lines[2]).toMatch(/^in\/bad\.xml,"not a UBL Invoice or CreditNote/);
  });
});

describe('importing e-invoices', () => {
  const app = useApp();
  beforeAll(async () => {
    // The bakery's VAT number is known: its e-invoices find it by that.
    expect(await importSuppliersWithVat(app)).toMatchObject({ status: 'completed', counts: { updated: 1 } });
  }, 240_000);

  async function upload(file: Buffer, name: string) {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', file, name)
      .expect(202);
    return waitForImport(app, r.body.id, 60_000) as Promise<{
      id: string;
      status: string;
      counts: Record<string, number>;
      detected: { notes: string[] };
      firstErrors: Array<{ line: number; column: string; value: string; reason: string }>;
    }>;
  }

  it('imports a zip of both syntaxes, finding and making suppliers, and refuses the bad documents one by one', async () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(30 * 2 ** 20));
    expect(bomb.length).toBeLessThan(100_000);
    const zip = await zipOf([
      ['ubl-invoice-nl.xml', einvoice('ubl-invoice-nl.xml')],
      ['ubl-creditnote-nl.xml', einvoice('ubl-creditnote-nl.xml')],
      ['cii-invoice-uk.xml', einvoice('cii-invoice-uk.xml')],
      ['cii-creditnote-de.xml', einvoice('cii-creditnote-de.xml')],
      ['zonder-nummer.xml', ubl('', total('10.00'))],
      ['verkeerde-valuta.xml', ubl('X-2', total('10.00', 'EUX'))],
      ['xxe.xml', `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>${ubl('&x;', total('1.00'))}`],
      ['groot.xml', Buffer.alloc(30 * 2 ** 20)],
      ['lees-mij.txt', 'not a document'],
    ]);
    const done = await upload(zip, 'peppol-september.zip');
    expect(done).toMatchObject({ status: 'completed', counts: { inserted: 4, rejected: 4 } });
    const errors = Object.fromEntries(done.firstErrors.map((e) => [e.value, e.reason]));
    expect(errors['zonder-nummer.xml']).toBe('cbc:ID (the invoice number) is missing');
    expect(errors['verkeerde-valuta.xml']).toBe('cbc:DocumentCurrencyCode "EUX" is not an ISO 4217 currency code');
    expect(errors['xxe.xml']).toMatch(/not well-formed XML: a document type declaration is not allowed/);
    expect(errors['groot.xml']).toBe('the document is 30 MB unpacked, over 20 MB');
    expect(done.firstErrors.every((e) => e.column === 'document')).toBe(true);

    expect(await invoice('LEV001', 'JV-2025-0417')).toMatchObject({
      amount: 123_456,
      currency: 'EUR',
      dueDate: '2025-10-01',
      buyerReference: 'KP-4711',
      poNumber: 'PO-88213',
      paymentReference: 'RF18539007547034',
    });
    expect(await invoice('LEV001', 'JV-2025-C012')).toMatchObject({ amount: -5_000, correctsInvoice: 'JV-2025-0417' });
    expect(await invoice('GB123456789', 'SW-10077')).toMatchObject({ amount: 200_000, currency: 'GBP', dueDate: '2025-10-30' });
    expect(await supplier('GB123456789')).toMatchObject({
      name: 'Sheffield Works Ltd',
      country: 'GB',
      vatNumber: 'GB123456789',
      registrationNumber: '01234567',
      peppolId: '9932:gb123456789',
      iban: 'GB33BUKB20201555555555',
      bic: 'BUKBGB22',
    });
    expect((await supplier('GB123456789'))?.masterDataMissing).toBeUndefined();
    // An IBAN with wrong check digits is kept to be seen, never as the IBAN paid to; the invoice is not lost.
    const de = await supplier('DE123456789');
    expect(de).toMatchObject({ name: 'Müller & Söhne GmbH', ibanInvalid: 'DE89370400440532013001' });
    expect(de?.iban).toBeUndefined();
    expect(await invoice('DE123456789', 'GS-2025-311')).toMatchObject({ amount: -11_900 });
    expect(done.detected.notes).toContain('suppliers found by VAT number 2, registration number 0, Peppol address 0, IBAN 0; new 2');

    // The same zip again changes nothing.
    const again = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', zip, 'opnieuw.zip')
      .expect(202);
    expect(again.body).toMatchObject({ status: 'duplicate' });
    // The error file names each refused document.
    const csv = await app.http.get(`/api/v1/imports/${done.id}/errors.csv`).set(bearer(app.tokens.finance)).expect(200);
    expect(csv.text).toMatch(/document,zonder-nummer\.xml,cbc:ID \(the invoice number\) is missing/);
  });

  it('imports one XML file, and the invoice a Factur-X PDF carries', async () => {
    const one = await upload(Buffer.from(einvoice('cii-invoice-uk.xml').toString().replace('SW-10077', 'SW-10078')), 'SW-10078.xml');
    expect(one).toMatchObject({ status: 'completed', counts: { inserted: 1 } });
    // The supplier made by the zip is found again, by its VAT number.
    expect(one.detected.notes).toContain('suppliers found by VAT number 1, registration number 0, Peppol address 0, IBAN 0; new 0');
    expect(await invoice('GB123456789', 'SW-10078')).toMatchObject({ amount: 200_000 });

    const xml = einvoice('ubl-invoice-nl.xml').toString().replace('JV-2025-0417', 'JV-2025-0500');
    const pdf = await upload(pdfWith([['factur-x.xml', xml]]), 'JV-2025-0500.pdf');
    expect(pdf).toMatchObject({ status: 'completed', counts: { inserted: 1 } });
    expect(await invoice('LEV001', 'JV-2025-0500')).toMatchObject({ amount: 123_456 });

    const plain = await upload(pdfWith([['notes.txt', 'only notes']]), 'brief.pdf');
    expect(plain).toMatchObject({ status: 'completed', counts: { inserted: 0, rejected: 1 } });
    expect(plain.firstErrors[0].reason).toBe('the PDF carries no invoice XML (its attachments: notes.txt)');
  });

  it('imports an e-invoice from the command line, recognised by its content', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-einvoice-cli-'));
    // Named like anything: its first bytes say it is XML.
    const file = path.join(dir, 'van-de-access-point.dat');
    fs.writeFileSync(file, einvoice('ubl-invoice-nl.xml').toString().replace('JV-2025-0417', 'JV-2025-0600'));
    const r = await runCli(['import', 'invoices', file], app.mongoUri, { REDIS_URL: app.redisUrl });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(await invoice('LEV001', 'JV-2025-0600')).toMatchObject({ amount: 123_456, buyerReference: 'KP-4711' });
  });

  it('refuses e-invoices as suppliers, and a zip that is not one', async () => {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'suppliers')
      .attach('file', einvoice('ubl-invoice-nl.xml'), 'factuur.xml')
      .expect(400);
    expect(r.body.error.message).toMatch(/e-invoices are imported as invoices, not suppliers/);
    const broken = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from('PK\u0003\u0004 not really a zip'), 'kapot.zip')
      .expect(400);
    expect(broken.body.error.message).toMatch(/kapot\.zip: this is not a zip that can be read/);
  });
});
