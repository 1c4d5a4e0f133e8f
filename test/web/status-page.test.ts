/**
 * The supplier status page over HTTP: what it shows, to whom, and how it refuses everyone else.
 * Figures are checked against hand calculations (DOMAIN.md), not against the code's own output.
 */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, useApp } from '../support/app.ts';
import { csrfOf, textOf } from '../support/forms.ts';
import { FIXTURE_TODAY, importStatusFixtures, makeLink, pathOf } from '../support/status-fixtures.ts';

describe('the supplier status page', () => {
  const app = useApp({ today: FIXTURE_TODAY, env: { ORG_NAME: 'Gemeente Voorbeeld', PUBLIC_URL: 'https://tijdig.example.org/' } });
  let jansen: { id: string; url: string; token: string };
  let staal: { id: string; url: string; token: string };

  beforeAll(async () => {
    await importStatusFixtures(app);
    jansen = await makeLink(app, 'LEV001');
    staal = await makeLink(app, 'LEV002', { expires: '30d' });
  }, 240_000);

  describe('links', () => {
    it('are made by finance and admin only, with a URL under PUBLIC_URL and a token of at least 128 random bits', async () => {
      expect(jansen.url).toMatch(/^https:\/\/tijdig\.example\.org\/s\/[A-Za-z0-9_-]+$/);
      // 24 random bytes in base64url: 32 characters, 192 bits.
      expect(jansen.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(jansen.url.endsWith(jansen.token)).toBe(true);
      await app.http.post('/api/v1/suppliers/LEV001/status-links').set(bearer(app.tokens.procurement)).send({}).expect(403);
      await app.http.post('/api/v1/suppliers/LEV001/status-links').send({}).expect(401);
      await app.http.post('/api/v1/suppliers/NOPE/status-links').set(bearer(app.tokens.admin)).send({}).expect(404);
      const bad = await app.http
        .post('/api/v1/suppliers/LEV001/status-links')
        .set(bearer(app.tokens.admin))
        .send({ expires: 'forever' })
        .expect(400);
      expect(bad.body.error.message).toMatch(/expires: "forever" is not a number of days/);
    });

    it('store only a hash of the token, and expire after the days asked for', async () => {
      const docs = await mongoose.connection.db!.collection('statusLinks').find({}).toArray();
      const raw = JSON.stringify(docs);
      expect(raw).not.toContain(jansen.token);
      expect(raw).not.toContain(staal.token);
      const s = docs.find((d) => String(d._id) === staal.id)!;
      expect(s.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      const days = (s.expiresAt.getTime() - s.createdAt.getTime()) / 86_400_000;
      expect(days).toBe(30);
      const j = docs.find((d) => String(d._id) === jansen.id)!;
      expect((j.expiresAt.getTime() - j.createdAt.getTime()) / 86_400_000).toBe(180);
      expect(j.createdBy).toBe('test finance');
    });

    it('count every opening and remember the last one', async () => {
      const fresh = await makeLink(app, 'LEV003');
      await app.http.get(pathOf(fresh.url)).expect(200);
      await app.http.get(pathOf(fresh.url)).expect(200);
      // Openings are written once a second; the test writes them now.
      await app.flushOpens();
      const list = await app.http.get('/api/v1/suppliers/LEV003/status-links').set(bearer(app.tokens.finance)).expect(200);
      const l = list.body.statusLinks.find((x: { id: string }) => x.id === fresh.id);
      expect(l).toMatchObject({ supplierId: 'LEV003', state: 'active', openCount: 2, createdBy: 'test finance' });
      expect(Date.now() - Date.parse(l.lastOpenedAt)).toBeLessThan(60_000);
      expect(JSON.stringify(list.body)).not.toContain(fresh.token);
    });
  });

  describe('what the supplier sees', () => {
    it('in Dutch: its invoices, where each stands, and what it is owed, with totals first', async () => {
      const r = await app.http.get(pathOf(jansen.url)).set('Accept-Language', 'nl-NL,nl;q=0.9').expect(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      const text = textOf(r.text);
      expect(text).toContain('Facturen van Bakkerij Jansen bij Gemeente Voorbeeld');
      expect(text).toContain('Cijfers per 20 november 2025.');
      // Open: 1,234.56 + 800 + 450 + 300 + 10 − 100 (credit note) = 2,694.56; overdue: J-101 + J-102.
      expect(text).toContain('samen € 2.694,56');
      expect(text).toContain('€ 2.034,56 is te laat; de oudste factuur is 50 dagen over de vervaldatum');
      // Interest (10.15 % in H2 2025): J-101 1234.56 × 50 d = 17.17; J-102 800 × 6 d = 1.33; J-090 500 × 10 d = 1.39;
      // J-091 700 × 20 d = 3.89; J-092 600 × 5 d = 0.83; J-050 (2024) 250 × 30 d at 12.5 % + 15 d at 12.25 % = 3.83.
      expect(text).toContain('recht op € 28,44 wettelijke rente en € 240,00 vaste vergoeding');
      expect(text).toMatch(
        /J-101 1 sep 2025 € 1\.234,56 1 okt 2025 Ontvangen 50 dagen te laat 20 nov 2025 schatting € 17,17 10,15% € 40,00/,
      );
      expect(text).toMatch(/J-102 .*Betwist: Levering onvolledig 6 dagen te laat — € 1,33/);
      expect(text).toMatch(/J-103 1 nov 2025 € 450,00 1 dec 2025 Goedgekeurd 11 dec 2025 schatting/);
      expect(text).toMatch(/J-104 .*Ingepland voor betaling op 3 december 2025 3 dec 2025 —/);
      expect(text).toMatch(/J-090 .*Betaald op 11 juli 2025 10 dagen te laat — € 1,39/);
      expect(text).toMatch(/J-070 .*€ -100,00 19 nov 2025 Creditnota/);
      expect(text).toMatch(/J-060 .*Geannuleerd/);
      // Paid in 2024, before the 12-month window: counted in the totals, said so, not listed.
      expect(text).not.toContain('J-050');
      expect(text).toContain('omvatten ook 1 factuur die vóór 1 december 2024 te laat is betaald');
      expect(text).toContain('de vervaldatum plus 10 dagen: de mediane vertraging van onze 3 betalingen');
      expect(text).toContain('Uw afgesproken betalingstermijn is 30 dagen.');
      expect(text).toContain('art. 6:119a BW');
      // An invoice number shaped like markup or a formula is shown as text.
      expect(r.text).toContain('=SUM(A1)');
      expect(r.text).not.toMatch(/<script/i);
    });

    it('in English when the browser asks for it, money and dates written the English way', async () => {
      const r = await app.http.get(pathOf(jansen.url)).set('Accept-Language', 'en-GB,en;q=0.8').expect(200);
      const text = textOf(r.text);
      expect(r.text).toMatch(/<html lang="en">/);
      expect(text).toContain('Invoices of Bakkerij Jansen at Gemeente Voorbeeld');
      expect(text).toContain('€2,694.56 in total');
      expect(text).toMatch(/J-101 1 Sept 2025 €1,234\.56 1 Oct 2025 Received 50 days overdue 20 Nov 2025 estimate €17\.17 10\.15% €40\.00/);
      expect(text).toContain('Scheduled for payment on 3 December 2025');
    });

    it('remembers a language chosen with the switch', async () => {
      const chosen = await app.http
        .get(`${pathOf(jansen.url)}?lang=en`)
        .set('Accept-Language', 'nl')
        .expect(200);
      expect(chosen.text).toMatch(/<html lang="en">/);
      const cookie = ([] as string[]).concat(chosen.headers['set-cookie']).find((c) => c.startsWith('tijdig.lang='))!;
      expect(cookie).toMatch(/HttpOnly/);
      const again = await app.http.get(pathOf(jansen.url)).set('Accept-Language', 'nl').set('Cookie', cookie.split(';')[0]).expect(200);
      expect(again.text).toMatch(/<html lang="en">/);
    });

    it('never shows another supplier’s invoices', async () => {
      const mine = textOf((await app.http.get(pathOf(jansen.url)).expect(200)).text);
      expect(mine).not.toContain('S-SECRET-900');
      expect(mine).not.toContain('DV-7');
      expect(mine).not.toContain('Staal');
      const theirs = textOf((await app.http.get(pathOf(staal.url)).expect(200)).text);
      expect(theirs).toContain('S-SECRET-900');
      for (const n of ['J-101', 'J-102', 'J-103', 'J-104', 'J-090', '=SUM(A1)', 'Bakkerij']) expect(theirs).not.toContain(n);
      const csv = await app.http.get(`${pathOf(staal.url)}/invoices.csv`).expect(200);
      expect(csv.text).not.toContain('J-10');
    });

    it('states the legal limit when the agreed term is longer than the law allows', async () => {
      const eu = textOf((await app.http.get(pathOf(staal.url)).set('Accept-Language', 'en').expect(200)).text);
      expect(eu).toContain('Your agreed payment term is 90 days.');
      expect(eu).toMatch(/A term of 90 days is longer than the law normally allows: .* may not exceed 60 days/);
      const devries = await makeLink(app, 'LEV003');
      const nl = textOf((await app.http.get(pathOf(devries.url)).set('Accept-Language', 'en').expect(200)).text);
      expect(nl).toMatch(/A term of 45 days is longer than the law allows: since 1 July 2022 a large company may agree at most 30 days/);
      const jansenText = textOf((await app.http.get(pathOf(jansen.url)).set('Accept-Language', 'en').expect(200)).text);
      expect(jansenText).not.toMatch(/longer than the law/);
    });

    it('offers the same list as CSV, formula cells escaped', async () => {
      const r = await app.http.get(`${pathOf(jansen.url)}/invoices.csv`).expect(200);
      expect(r.headers['content-type']).toMatch(/text\/csv/);
      expect(r.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?invoices-LEV001-${FIXTURE_TODAY}.csv"?$`));
      expect(r.headers['cache-control']).toBe('no-store');
      const lines = r.text.trim().split('\r\n');
      expect(lines).toHaveLength(11);
      expect(lines).toContain('J-101,2025-09-01,1234.56,EUR,1234.56,2025-10-01,received,,,50,0,17.17,40.00,EUR,2025-11-20,estimate,');
      expect(lines).toContain('J-102,2025-10-15,800.00,EUR,800.00,2025-11-14,disputed,,,6,0,1.33,40.00,EUR,,,Levering onvolledig');
      expect(lines).toContain('J-090,2025-06-01,500.00,EUR,0.00,2025-07-01,paid,2025-07-11,,0,10,1.39,40.00,EUR,,,');
      expect(lines.some((l) => l.startsWith("'=SUM(A1),"))).toBe(true);
    });
  });

  describe('refusing everyone else', () => {
    it('answers an unknown, malformed, revoked or expired link with the same 404 page, byte for byte', async () => {
      const doomed = await makeLink(app, 'LEV001');
      await app.http.get(pathOf(doomed.url)).expect(200);
      await app.http.delete(`/api/v1/status-links/${doomed.id}`).set(bearer(app.tokens.procurement)).expect(403);
      const revoked = await app.http.delete(`/api/v1/status-links/${doomed.id}`).set(bearer(app.tokens.finance)).expect(200);
      expect(revoked.body).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) });
      const old = await makeLink(app, 'LEV001', { expires: '1d' });
      await mongoose.connection
        .db!.collection('statusLinks')
        .updateOne({ _id: new mongoose.Types.ObjectId(old.id) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });

      const answers = [];
      for (const path of [pathOf(doomed.url), pathOf(old.url), `/s/${'A'.repeat(32)}`, '/s/short', `/s/${'%3Cscript%3E'.repeat(3)}`]) {
        const r = await app.http.get(path).set('Accept-Language', 'en').expect(404);
        answers.push(r);
      }
      for (const r of answers) {
        expect(r.text).toBe(answers[0].text);
        expect(r.headers['cache-control']).toBe('no-store');
        expect(r.headers['set-cookie']).toBeUndefined();
      }
      expect(textOf(answers[0].text)).toContain('This page cannot be found');
      // The CSV and the form of a dead link are not found either.
      await app.http.get(`${pathOf(doomed.url)}/invoices.csv`).expect(404);
      await app.http
        .post(`${pathOf(old.url)}/messages`)
        .type('form')
        .send({ message: 'hi' })
        .expect(404);
    });

    it('sends the privacy headers and a strict Content-Security-Policy on every status response', async () => {
      for (const path of [pathOf(jansen.url), `${pathOf(jansen.url)}/invoices.csv`, `/s/${'B'.repeat(32)}`]) {
        const r = await app.http.get(path);
        expect(r.headers['referrer-policy']).toBe('no-referrer');
        expect(r.headers['cache-control']).toBe('no-store');
        expect(r.headers['x-robots-tag']).toMatch(/noindex/);
        const csp = r.headers['content-security-policy'];
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("style-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
      }
    });

    it('never writes a token to the log: a short hash of it stands in', async () => {
      await app.http.get(pathOf(jansen.url)).expect(200);
      await app.http.get(`${pathOf(jansen.url)}/invoices.csv`).expect(200);
      const log = app.logs.join('\n');
      expect(log).not.toContain(jansen.token);
      expect(log).not.toContain(staal.token);
      const hash = (await import('../../src/http/redact.ts')).shortHash(jansen.token);
      expect(log).toContain(`/s/~${hash}`);
      expect(log).toContain(`/s/~${hash}/invoices.csv`);
    });
  });

  describe('the question form', () => {
    it('stores a question sent with the page’s CSRF token and redirects to a confirmation', async () => {
      const page = await app.http.get(pathOf(jansen.url)).set('Accept-Language', 'nl').expect(200);
      const { token, cookie } = csrfOf(page);
      const sent = await app.http
        .post(`${pathOf(jansen.url)}/messages`)
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: token,
          kind: 'missing',
          invoiceNumber: 'J-999',
          invoiceDate: '12-11-2025',
          amount: '1.500,25',
          message: 'Deze factuur ontbreekt.',
        })
        .expect(303);
      expect(sent.headers.location).toBe(`${pathOf(jansen.url)}?sent=1#ask`);
      const confirm = await app.http
        .get(`${pathOf(jansen.url)}?sent=1`)
        .set('Accept-Language', 'nl')
        .expect(200);
      expect(textOf(confirm.text)).toContain('Uw bericht is naar financiën en inkoop gestuurd');
      const inbox = await app.http.get('/api/v1/supplier-messages?supplierId=LEV001').set(bearer(app.tokens.procurement)).expect(200);
      const m = inbox.body.messages.find((x: { invoiceNumber: string }) => x.invoiceNumber === 'J-999');
      expect(m).toMatchObject({
        kind: 'missing',
        invoiceDate: '2025-11-12',
        amount: { EUR: '1500.25' },
        message: 'Deze factuur ontbreekt.',
        handledAt: null,
      });
      const handled = await app.http.post(`/api/v1/supplier-messages/${m.id}/handled`).set(bearer(app.tokens.procurement)).expect(200);
      expect(handled.body.handledBy).toBe('test procurement');
      const open = await app.http.get('/api/v1/supplier-messages?open=true').set(bearer(app.tokens.finance)).expect(200);
      expect(open.body.messages.map((x: { id: string }) => x.id)).not.toContain(m.id);
    });

    it('refuses a post without the CSRF token, or with another link’s, and keeps what was typed', async () => {
      const other = csrfOf(await app.http.get(pathOf(staal.url)).expect(200));
      const attempts: Array<{ csrf: string; cookie?: string }> = [{ csrf: '' }, { csrf: other.token, cookie: other.cookie }];
      for (const attempt of attempts) {
        const req = app.http.post(`${pathOf(jansen.url)}/messages`).set('Accept-Language', 'en');
        if (attempt.cookie) req.set('Cookie', attempt.cookie);
        const r = await req.type('form').send({ _csrf: attempt.csrf, kind: 'question', message: 'Forged?' }).expect(403);
        expect(r.text).toMatch(/<title>Error: /);
        expect(textOf(r.text)).toContain('The form had expired');
        expect(r.text).toContain('Forged?');
      }
      const inbox = await app.http.get('/api/v1/supplier-messages').set(bearer(app.tokens.finance)).expect(200);
      expect(inbox.body.messages.some((x: { message: string }) => x.message === 'Forged?')).toBe(false);
    });

    it('names each bad field in an error summary, keeps the input, and stores nothing', async () => {
      const { token, cookie } = csrfOf(await app.http.get(pathOf(jansen.url)).expect(200));
      const long = 'x'.repeat(2001);
      const r = await app.http
        .post(`${pathOf(jansen.url)}/messages`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'en')
        .type('form')
        .send({ _csrf: token, kind: 'missing', invoiceNumber: '', invoiceDate: '31-02-2025', amount: 'twelve', message: long })
        .expect(400);
      expect(r.text).toMatch(/<title>Error: /);
      const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(r.text)![0];
      for (const [field, words] of [
        ['invoiceNumber', 'Enter the invoice number'],
        ['invoiceDate', 'Enter the invoice date as a real date'],
        ['amount', 'Enter the amount as a number'],
        ['message', 'The message must be 2000 characters or fewer'],
      ])
        expect(summary).toMatch(new RegExp(`href="#${field}">${words}`));
      expect(r.text).toContain('value="31-02-2025"');
      expect(r.text).toContain('value="twelve"');
      const inbox = await app.http.get('/api/v1/supplier-messages').set(bearer(app.tokens.finance)).expect(200);
      expect(inbox.body.messages.some((x: { message: string }) => x.message === long)).toBe(false);
    });

    it('refuses a body larger than the form allows', async () => {
      const { token, cookie } = csrfOf(await app.http.get(pathOf(jansen.url)).expect(200));
      const big = await app.http
        .post(`${pathOf(jansen.url)}/messages`)
        .set('Cookie', cookie)
        .type('form')
        .set('Accept-Language', 'en')
        .send({ _csrf: token, kind: 'question', message: 'y'.repeat(40_000) })
        .expect(413);
      expect(big.headers['content-type']).toMatch(/text\/html/);
      expect(textOf(big.text)).toContain('larger than a form allows');
    });
  });

  describe('the invoice look-up without a link', () => {
    it('shows one invoice’s status for the right number, date and amount, and nothing for a wrong one', async () => {
      const form = await app.http.get('/lookup').set('Accept-Language', 'en').expect(200);
      const { token, cookie } = csrfOf(form);
      const ask = (fields: Record<string, string>) =>
        app.http
          .post('/lookup')
          .set('Cookie', cookie)
          .set('Accept-Language', 'en')
          .type('form')
          .send({ _csrf: token, ...fields });
      const found = await ask({ invoiceNumber: 'J-104', invoiceDate: '05-11-2025', amount: '300.00' }).expect(200);
      const text = textOf(found.text);
      expect(text).toMatch(
        /Invoice J-104 Status Scheduled for payment on 3 December 2025 Due date 5 December 2025 Expected payment 3 December 2025/,
      );
      expect(text).not.toContain('J-101');
      const wrongAmount = await ask({ invoiceNumber: 'J-104', invoiceDate: '05-11-2025', amount: '300.01' }).expect(200);
      const unknown = await ask({ invoiceNumber: 'NOPE-1', invoiceDate: '05-11-2025', amount: '300.00' }).expect(200);
      const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
      expect(strip(wrongAmount.text)).toBe(strip(unknown.text));
      expect(textOf(unknown.text)).toContain('We could not find an invoice with these details');
      const noCsrf = await app.http
        .post('/lookup')
        .type('form')
        .send({ invoiceNumber: 'J-104', invoiceDate: '05-11-2025', amount: '300.00' })
        .expect(403);
      expect(textOf(noCsrf.text)).not.toContain('Scheduled for payment');
    });
  });
});
