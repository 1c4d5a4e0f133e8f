/** Matching an unknown export's columns in the web app, remembering them, and the profiles page. */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { useApp, waitForImport } from '../support/app.ts';
import { csrfOf, setPasswordFor, signInCookie, textOf } from '../support/forms.ts';
import { importStatusFixtures } from '../support/status-fixtures.ts';

const HEADER = 'Lev;Nummer;Datum;Te betalen op;Totaal;Munt';
const file1 = [
  HEADER,
  'LEV001;U-1;01-09-2025;01-10-2025;1.234,56;EUR',
  'LEV003;U-2;13-09-2025;13-10-2025;250,00;EUR',
  'LEV003;U-3;32-09-2025;13-10-2025;9,00;EUR',
].join('\n');
const file2 = [HEADER, 'LEV001;U-4;02-09-2025;02-10-2025;10,00;EUR'].join('\n');

describe('matching columns by sight', () => {
  const app = useApp();
  let cookie = '';

  beforeAll(async () => {
    await importStatusFixtures(app);
    const made = await createUser('anna@example.org', 'finance', 'test');
    await setPasswordFor(app.http, made.setPasswordPath);
    cookie = await signInCookie(app.http, 'anna@example.org');
  }, 240_000);

  async function upload(text: string, name: string, check = false) {
    const { token, cookie: csrf } = csrfOf(await app.http.get('/app/imports').set('Cookie', cookie).expect(200));
    const req = app.http.post('/app/imports').set('Cookie', `${cookie}; ${csrf}`).field('_csrf', token).field('kind', 'invoices');
    if (check) req.field('check', 'true');
    return req.attach('file', Buffer.from(text), name).expect(303);
  }
  async function postColumns(path: string, fields: Record<string, string>) {
    const { token, cookie: csrf } = csrfOf(await app.http.get(path).set('Cookie', cookie).expect(200));
    return app.http
      .post(path)
      .set('Cookie', `${cookie}; ${csrf}`)
      .type('form')
      .send({ _csrf: token, ...fields });
  }
  const choices = { 'f-supplierId': '0', 'f-invoiceNumber': '1', 'f-issueDate': '2', 'f-dueDate': '3', 'f-amount': '4', 'f-currency': '5' };

  it('asks for the columns of a file it cannot read, previews the rows, and says what is wrong by field', async () => {
    const r = await upload(file1, 'export-1.csv');
    const path = r.headers.location;
    expect(path).toMatch(/^\/app\/imports\/[0-9a-f]{24}\/columns$/);
    const page = await app.http.get(path).set('Cookie', cookie).expect(200);
    const text = textOf(page.text);
    expect(text).toMatch(/De kolommen van export-1\.csv koppelen/);
    expect(text).toMatch(/Het voorbeeld verschijnt zodra elk verplicht gegeven een kolom heeft/);
    // Each column offered with a value of its own.
    expect(page.text).toContain('>Nummer (U-1)</option>');
    const preview = await postColumns(path, { ...choices, go: 'preview' });
    expect(preview.status).toBe(200);
    const p = textOf(preview.text);
    expect(p).toMatch(/De eerste regels zoals tijdig ze leest/);
    expect(p).toMatch(/LEV001 U-1 1 sep 2025 € 1\.234,56 1 okt 2025 EUR Geïmporteerd/);
    expect(p).toMatch(/LEV003 U-3 32-09-2025 9,00 13-10-2025 EUR Afgewezen: Datum: /);
    const twice = await postColumns(path, { ...choices, 'f-dueDate': '2', go: 'preview' });
    expect(textOf(twice.text)).toMatch(/De kolom Datum is gekozen voor de factuurdatum, de vervaldatum: kies één kolom per gegeven/);
    const missing = await postColumns(path, { ...choices, 'f-amount': '', go: 'import', name: 'Ons ERP' });
    expect(missing.status).toBe(400);
    expect(textOf(missing.text)).toMatch(/Kies de kolom met het bedrag, anders kan het bestand niet worden geïmporteerd/);
    expect(await mongoose.connection.db!.collection('invoices').countDocuments({ invoiceNumber: /^U-/ })).toBe(0);
  });

  it('imports with the choices, saves them as a profile, and reads the next file with the same columns without asking', async () => {
    const first = await upload(file1, 'export-1b.csv');
    const path = first.headers.location;
    const go = await postColumns(path, { ...choices, go: 'import', name: 'Ons ERP' });
    expect(go.status).toBe(303);
    const id = path.split('/')[3];
    const done = await waitForImport(app, id);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { inserted: 2, rejected: 1 },
      profile: { name: 'Ons ERP', source: 'named' },
    });
    const second = await upload(file2, 'export-2.csv');
    expect(second.headers.location).toMatch(/^\/app\/imports\/[0-9a-f]{24}$/);
    const done2 = await waitForImport(app, second.headers.location.split('/')[3]);
    expect(done2).toMatchObject({ status: 'completed', counts: { inserted: 1 }, profile: { name: 'Ons ERP', source: 'saved' } });
    // Asked to check, the step comes all the same, with the profile's choices filled in.
    const checked = await upload(file2.replace('U-4', 'U-5'), 'export-3.csv', true);
    const page = await app.http.get(checked.headers.location).set('Cookie', cookie).expect(200);
    expect(page.text).toMatch(/<select id="f-amount" name="f-amount"[^>]*>[\s\S]*?<option value="4" selected>Totaal/);
  });

  it('lists, renames and removes profiles', async () => {
    const list = await app.http.get('/app/imports/profiles').set('Cookie', cookie).expect(200);
    expect(textOf(list.text)).toMatch(/Ons ERP Facturen Lev → het leveranciersnummer; Nummer → het factuurnummer/);
    expect(textOf(list.text)).toMatch(/SAP vendor line items/);
    const id = /action="\/app\/imports\/profiles\/([0-9a-f]{24})\/rename"/.exec(list.text)![1];
    const { token, cookie: csrf } = csrfOf(list);
    await app.http
      .post(`/app/imports/profiles/${id}/rename`)
      .set('Cookie', `${cookie}; ${csrf}`)
      .type('form')
      .send({ _csrf: token, name: 'ERP van de gemeente' })
      .expect(303);
    expect(textOf((await app.http.get('/app/imports/profiles').set('Cookie', cookie)).text)).toMatch(/ERP van de gemeente/);
    await app.http
      .post(`/app/imports/profiles/${id}/remove`)
      .set('Cookie', `${cookie}; ${csrf}`)
      .type('form')
      .send({ _csrf: token })
      .expect(303);
    expect(textOf((await app.http.get('/app/imports/profiles').set('Cookie', cookie)).text)).toMatch(/Nog geen importprofielen/);
  });
});
