/**
 * A payment run of a group: each transfer leaves from the account of the entity that owes its
 * invoices (the B.V.'s own IBAN from the entities file; the default entity's from ORG_IBAN), in one
 * SEPA file with a payment block per account, and each account's bank statement is taken back. And
 * an Excel workbook's entity column.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { createUser } from '../../src/services/users.ts';
import { bearer, uploadText, useApp, waitForImport } from '../support/app.ts';
import { statementFromPain001, xmllintErrors } from '../support/bank-files.ts';
import { setPasswordFor, signInCookie, textOf } from '../support/forms.ts';
import { ROOT } from '../support/spawn.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/group');
const TODAY = '2025-12-01';
const ORG_IBAN = ibanOf('NL', 'INGB0001234567');
// The B.V.'s and the Ltd's accounts, as test/fixtures/group/entities.csv gives them.
const NLBV_IBAN = 'NL91ABNA0417164300';
const UKLTD_IBAN = 'GB29NWBK60161331926819';

describe("a group's payment run, and its invoices from Excel", () => {
  const app = useApp({ today: TODAY, env: { ORG_NAME: 'Tijdig Groep', ORG_IBAN } });
  const as = (token: string) => bearer(token);

  it("pays each entity's invoices from its own account, one payment block per account, and takes each account's statement", {
    timeout: 240_000,
  }, async () => {
    await app.http
      .post('/api/v1/entities')
      .set(as(app.tokens.admin))
      .set('Content-Type', 'text/csv')
      .send(fs.readFileSync(path.join(FIXTURES, 'entities.csv')))
      .expect(200);
    await uploadText(
      app,
      'suppliers',
      `supplierId,name,country,employees,iban\nS1,Bakkerij Jansen,NL,6,${ibanOf('NL', 'RABO0123456789')}\nS2,Staal BV,NL,400,${ibanOf('NL', 'INGB0009876543')}\n`,
      'suppliers.csv',
    );
    // And U9: the Ltd's, in euros, so under UK law in a EUR run.
    const invoices = `${fs.readFileSync(path.join(FIXTURES, 'invoices.csv'), 'utf8').trimEnd()}\nS1,U9,UKLTD,2025-01-02,2025-01-02,2025-02-01,500.00,EUR,,\n`;
    await uploadText(app, 'invoices', invoices, 'invoices.csv');

    // Open in euros: N1 (NLBV, to S1) and M1 (the default entity's, to S2); U1 is the Ltd's, in pounds.
    const draft = await app.http
      .post('/api/v1/payment-runs')
      .set(as(app.tokens.finance))
      .send({ currency: 'EUR', budget: '10000.00', asOf: TODAY, payDate: TODAY, payInterest: true })
      .expect(201);
    const transfers = draft.body.transfers as Array<{ supplierId: string; kind: string; entity?: string; invoiceNumbers: string[] }>;
    // S1 is owed by two entities: a transfer (and an interest transfer) from each, never one mixing them.
    expect(
      transfers
        .filter((t) => t.supplierId === 'S1')
        .map((t) => `${t.kind} ${t.entity} ${t.invoiceNumbers}`)
        .sort(),
    ).toEqual(['interest NLBV N1', 'interest UKLTD U9', 'invoices NLBV N1', 'invoices UKLTD U9']);
    expect(transfers.filter((t) => t.supplierId === 'S2').every((t) => t.entity === undefined)).toBe(true);
    // N1, 1,000.00 due 1 Feb 2025 and paid 1 Dec: 303 days under Dutch law (the B.V.'s), 149 at 11.15 %
    // and 154 at 10.15 % = 88.34; and EUR 40.
    expect(draft.body.interest).toContainEqual({ supplierId: 'S1', invoiceNumber: 'N1', interest: '88.34', compensation: '40.00' });
    // U9, 500.00 under the Ltd's UK law: Bank Rate of 31 Dec 2024 + 8 = 12.75 % fixed, 303 days = 52.92;
    // the UK's fixed sum is in pounds, so not paid with a euro transfer.
    expect(draft.body.interest).toContainEqual({ supplierId: 'S1', invoiceNumber: 'U9', interest: '52.92', compensation: '0.00' });

    const runId = draft.body.id;
    await app.http.post(`/api/v1/payment-runs/${runId}/approve`).set(as(app.tokens.admin)).expect(200);
    const pain = (await app.http.post(`/api/v1/payment-runs/${runId}/export?format=pain.001`).set(as(app.tokens.finance)).expect(200)).text;
    expect(xmllintErrors(pain, 'pain.001.001.09.xsd')).toBe('');
    const blocks = pain.match(/<PmtInf>.*?<\/PmtInf>/gs) ?? [];
    expect(blocks).toHaveLength(3);
    const blockOf = (iban: string) => blocks.find((b) => b.includes(`<DbtrAcct><Id><IBAN>${iban}</IBAN>`)) as string;
    expect(blockOf(NLBV_IBAN)).toContain('<Dbtr><Nm>Tijdig Groep B.V.</Nm></Dbtr>');
    expect(blockOf(NLBV_IBAN)).toContain('<Nm>Bakkerij Jansen</Nm>');
    expect(blockOf(NLBV_IBAN)).not.toContain('Staal BV');
    expect(blockOf(ORG_IBAN)).toContain('<Dbtr><Nm>Tijdig Groep</Nm></Dbtr>');
    expect(blockOf(ORG_IBAN)).toContain('<Nm>Staal BV</Nm>');
    expect(blockOf(UKLTD_IBAN)).toContain('<Dbtr><Nm>Tijdig UK Ltd</Nm></Dbtr>');

    // Each account's statement, as its bank sends it: both taken, the run paid once both are in.
    const post = (xml: string) =>
      app.http.post('/api/v1/bank-statements').set(as(app.tokens.finance)).set('Content-Type', 'application/xml').send(xml);
    const bv = await post(statementFromPain001(blockOf(NLBV_IBAN), { iban: NLBV_IBAN, statementId: 'BV-1', bookingDate: TODAY })).expect(
      201,
    );
    expect(bv.body.items[0].counts).toMatchObject({ debits: 2, matched: 2 });
    expect((await app.http.get(`/api/v1/payment-runs/${runId}`).set(as(app.tokens.finance)).expect(200)).body.state).not.toBe('paid');
    await post(statementFromPain001(blockOf(ORG_IBAN), { iban: ORG_IBAN, statementId: 'ORG-1', bookingDate: TODAY })).expect(201);
    await post(statementFromPain001(blockOf(UKLTD_IBAN), { iban: UKLTD_IBAN, statementId: 'UK-1', bookingDate: TODAY })).expect(201);
    expect((await app.http.get(`/api/v1/payment-runs/${runId}`).set(as(app.tokens.finance)).expect(200)).body.state).toBe('paid');
    const stranger = await post(
      statementFromPain001(blockOf(ORG_IBAN), { iban: ibanOf('NL', 'ABNA0123456789'), statementId: 'X-1', bookingDate: TODAY }),
    ).expect(422);
    expect(stranger.body.error.message).toContain(`is not the organisation's account (${ORG_IBAN}, ${NLBV_IBAN}, ${UKLTD_IBAN})`);

    // The run's page says which entity pays each transfer.
    await setPasswordFor(app.http, (await createUser('fien@groep.example', 'finance', 'test')).setPasswordPath);
    const cookie = await signInCookie(app.http, 'fien@groep.example');
    const runPage = textOf(
      (await app.http.get(`/app/payment-runs/${runId}`).set('Cookie', cookie).set('Accept-Language', 'en').expect(200)).text,
    );
    expect(runPage).toMatch(/Bakkerij Jansen\s*paid by NLBV/);
    expect(runPage).toMatch(/Bakkerij Jansen\s*paid by UKLTD/);
  });

  it("reads the entity of an invoice from an Excel workbook (Dutch header Administratie), in the entity's currency when none is given", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Facturen');
    ws.addRow(['Crediteur', 'Factuurnummer', 'Administratie', 'Factuurdatum', 'Bedrag']);
    ws.addRow(['S2', 'X-XL', 'ukltd', new Date(Date.UTC(2025, 10, 3)), 75]);
    const r = await app.http
      .post('/api/v1/imports')
      .set(as(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from(await wb.xlsx.writeBuffer()), 'facturen.xlsx')
      .expect(202);
    expect(await waitForImport(app, r.body.id, 100_000)).toMatchObject({ status: 'completed', counts: { inserted: 1, rejected: 0 } });
    const list = await app.http.get(`/api/v1/invoices?supplierId=S2&asOf=${TODAY}`).set(as(app.tokens.finance)).expect(200);
    expect(list.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === 'X-XL')).toMatchObject({
      entity: 'UKLTD',
      currency: 'GBP',
      amount: { GBP: '75.00' },
    });
  });
});
