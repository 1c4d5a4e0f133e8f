/**
 * A newcomer's first hour over HTTP: the front door, the first admin from the link printed at start,
 * sample data loaded from the empty overview, marked on every page and removed in one step, the
 * alerts page one supplier per row, and approving and scheduling an invoice an alert asks for.
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { firstAdminLink } from '../../src/services/first-admin.ts';
import { alertsSettled, bearer, uploadText, useApp } from '../support/app.ts';
import { csrfOf, textOf } from '../support/forms.ts';
import { useWebhookReceiver } from '../support/webhook-receiver.ts';

const PASSWORD = 'the first admin chose this';
const db = () => mongoose.connection.db!;

describe('a newcomer’s first hour', () => {
  const hooks = useWebhookReceiver();
  const app = useApp();
  let admin = '';

  /** A form's CSRF token and the cookies to send it with, for a signed-in user. */
  async function formOn(path: string, session: string) {
    const page = await app.http.get(path).set('Cookie', session).expect(200);
    const { token, cookie } = csrfOf(page);
    return { token, cookies: `${session}; ${cookie}`, page };
  }

  it('shows anyone not signed in a front door: sign in, look up an invoice, and that no user exists yet', async () => {
    const r = await app.http.get('/').set('Accept-Language', 'en').expect(200);
    const text = textOf(r.text);
    expect(text).toContain('For our staff');
    expect(text).toContain('tijdig has no users yet');
    expect(r.text).toContain('href="/sign-in"');
    expect(r.text).toContain('href="/lookup"');
    // Not published (PUBLIC_PAYMENT_PRACTICES is off, no sample data): no link to it.
    expect(r.text).not.toContain('href="/payment-practices"');
  });

  it('sets up the first admin from the printed link: a typing error keeps the link, the first claim wins, then every link is void', async () => {
    const path = (await firstAdminLink()) as string;
    const other = (await firstAdminLink()) as string;
    expect(path).toMatch(/^\/setup\/[A-Za-z0-9_-]{32}$/);
    const { token, cookie } = csrfOf(await app.http.get(path).expect(200));
    const bad = await app.http
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, email: 'not-an-address', password: PASSWORD, confirm: PASSWORD });
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toMatch(/Vul een e-mailadres in/);
    const ok = await app.http
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, email: 'Eerste@Gemeente.example', password: PASSWORD, confirm: PASSWORD })
      .expect(303);
    expect(ok.headers.location).toBe('/app');
    admin = ([] as string[])
      .concat(ok.headers['set-cookie'])
      .find((c) => c.startsWith('tijdig.sid='))!
      .split(';')[0];
    const user = await db().collection('users').findOne({ email: 'eerste@gemeente.example' });
    expect(user).toMatchObject({ role: 'admin', createdBy: 'first-admin link' });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    // Signed in at once: the front door sends the admin on to the overview.
    expect((await app.http.get('/').set('Cookie', admin).expect(303)).headers.location).toBe('/app');
    for (const used of [path, other]) expect((await app.http.get(used)).status).toBe(404);
    expect(await firstAdminLink()).toBeNull();
  });

  it('offers an empty installation an import, or sample data (admins), and refuses sample data beside real suppliers', async () => {
    const empty = textOf((await app.http.get('/app').set('Cookie', admin).expect(200)).text);
    expect(empty).toContain('Hier staat nog niets');
    expect(empty).toContain('Voorbeeldgegevens laden');
    await db().collection('suppliers').insertOne({ supplierId: 'ECHT1', name: 'Echte Leverancier BV' });
    const { token, cookies } = await formOn('/app/admin', admin);
    const refused = await app.http.post('/app/sample-data').set('Cookie', cookies).type('form').send({ _csrf: token }).expect(409);
    expect(textOf(refused.text)).toContain('this one has 1 supplier(s) of its own');
    await db().collection('suppliers').deleteOne({ supplierId: 'ECHT1' });
  });

  it('loads sample data from the overview: every page says so, its alerts open but are never sent, the practices page is published', async () => {
    await app.http.post('/api/v1/alerts/webhooks').set(bearer(app.tokens.admin)).send({ url: hooks.url }).expect(201);
    const { token, cookies } = await formOn('/app', admin);
    const r = await app.http.post('/app/sample-data').set('Cookie', cookies).type('form').send({ _csrf: token }).expect(303);
    expect(r.headers.location).toBe('/app?sample=loaded');
    expect(await db().collection('suppliers').countDocuments({ sample: true })).toBe(300);
    expect(await db().collection('invoices').countDocuments({ sample: true })).toBeGreaterThan(5000);
    await alertsSettled(app, 120_000);
    expect(await db().collection('alerts').countDocuments({ state: 'open' })).toBeGreaterThan(50);
    expect(hooks.posts).toHaveLength(0);
    expect(await db().collection('alertDeliveries').countDocuments()).toBe(0);
    for (const path of ['/app?sample=loaded', '/app/suppliers', '/app/alerts', '/app/suppliers/DEMO-0001'])
      expect(textOf((await app.http.get(path).set('Cookie', admin).expect(200)).text), path).toContain('Voorbeeldgegevens');
    const front = await app.http.get('/').expect(200);
    expect(textOf(front.text)).toContain('Voorbeeldgegevens');
    expect(front.text).toContain('href="/payment-practices"');
    expect(textOf((await app.http.get('/payment-practices').expect(200)).text)).toContain('Voorbeeldgegevens');
    // Once is enough.
    const again = await formOn('/app', admin);
    await app.http.post('/app/sample-data').set('Cookie', again.cookies).type('form').send({ _csrf: again.token }).expect(409);
  });

  it('shows every sample ageing bucket, disputes, credit notes and harm level, and totals that add up on the overview', async () => {
    const page = textOf((await app.http.get('/app').set('Cookie', admin).expect(200)).text);
    for (const level of ['Kritiek', 'Hoog', 'Gemiddeld', 'Laag']) expect(page).toContain(level);
    expect(page).toMatch(/Nog niet vervallen .* Te laat .* Creditnota’s \(open\) .* Openstaand/);
    const ageing = await app.http
      .get(`/api/v1/reports/ageing?asOf=${todayIn('Europe/Amsterdam')}`)
      .set(bearer(app.tokens.finance))
      .expect(200);
    expect(Object.keys(ageing.body.total)).toEqual(['EUR', 'GBP']);
    for (const [currency, b] of Object.entries(ageing.body.total as Record<string, Record<string, string>>)) {
      for (const bucket of ['notDue', 'd1_30', 'd31_60', 'd61_90', 'd91plus'])
        expect(Number(b[bucket]), `${currency} ${bucket}`).toBeGreaterThan(0);
      const cents = (s: string) => Math.round(Number(s) * 100);
      const buckets = Object.values(b).reduce((sum, v) => sum + cents(v), 0);
      expect(cents(ageing.body.creditNotes[currency])).toBeLessThan(0);
      expect(buckets + cents(ageing.body.creditNotes[currency])).toBe(cents(ageing.body.outstanding[currency]));
    }
    expect(await db().collection('invoices').countDocuments({ sample: true, status: 'disputed' })).toBeGreaterThan(0);
    expect(await db().collection('invoices').countDocuments({ sample: true, status: 'scheduled' })).toBeGreaterThan(0);
    expect(
      await db()
        .collection('supplierMessages')
        .countDocuments({ handledAt: { $exists: false } }),
    ).toBeGreaterThan(0);
  });

  it('lists each supplier with alerts once, worst first, a page at a time, and says what a filter hides', async () => {
    const page = await app.http.get('/app/alerts').set('Cookie', admin).set('Accept-Language', 'en').expect(200);
    const ids = [...page.text.matchAll(/<li id="supplier-([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    const [, suppliers, alerts] = /([\d,]+) suppliers with ([\d,]+) alerts/.exec(textOf(page.text)) ?? [];
    const count = Number(suppliers.replace(/,/g, ''));
    expect(count).toBeGreaterThan(20);
    // At most two live alerts per supplier on average: the grouping is what keeps the page short.
    expect(Number(alerts.replace(/,/g, '')) / count).toBeLessThanOrEqual(2);
    expect(page.text).toContain('href="/app/alerts?page=2"');
    // The first row is a supplier with a critical alert and the highest harm among those.
    const grouped = await db()
      .collection('alerts')
      .aggregate([
        { $match: { state: 'open' } },
        {
          $group: {
            _id: '$supplierId',
            harm: { $max: '$harmScore' },
            critical: { $max: { $cond: [{ $eq: ['$severity', 'critical'] }, 1, 0] } },
          },
        },
      ])
      .toArray();
    const best = Math.max(...grouped.filter((g) => g.critical === 1).map((g) => g.harm));
    expect(grouped.find((g) => g._id === ids[0])).toMatchObject({ critical: 1, harm: best });
    const warnings = await app.http.get('/app/alerts?severity=warning').set('Cookie', admin).set('Accept-Language', 'en').expect(200);
    expect(textOf(warnings.text)).toMatch(/[\d,]+ more suppliers with alerts not resolved are hidden by the filter\. Show all/);
    const page2 = await app.http.get('/app/alerts?page=2').set('Cookie', admin).expect(200);
    const ids2 = [...page2.text.matchAll(/<li id="supplier-([^"]+)"/g)].map((m) => m[1]);
    expect(ids2.some((id) => ids.includes(id))).toBe(false);
  });

  it('approves and schedules the invoices a payment alert asks for, from the supplier’s page', async () => {
    const today = todayIn('Europe/Amsterdam');
    const due = await db()
      .collection('invoices')
      .findOne({ sample: true, status: 'received', paidDate: { $exists: false }, amount: { $gt: 0 } });
    const page = `/app/suppliers/${encodeURIComponent(due!.supplierId)}?invoices=todo`;
    const { token, cookies, page: html } = await formOn(page, admin);
    expect(html.text).toContain(`/invoices/${encodeURIComponent(due!.invoiceNumber)}/approve`);
    const base = `/app/suppliers/${encodeURIComponent(due!.supplierId)}/invoices/${encodeURIComponent(due!.invoiceNumber)}`;
    const approved = await app.http
      .post(`${base}/approve`)
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: token, back: 'todo' })
      .expect(303);
    expect(approved.headers.location).toContain('done=approved');
    expect(await db().collection('invoices').findOne({ _id: due!._id })).toMatchObject({
      status: 'approved',
      statusSetBy: 'eerste@gemeente.example',
    });
    // Approved already: said, nothing changed.
    const twice = await app.http.post(`${base}/approve`).set('Cookie', cookies).type('form').send({ _csrf: token }).expect(409);
    expect(textOf(twice.text)).toContain('is approved already');
    const past = await app.http
      .post(`${base}/schedule`)
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: token, date: addDays(today, -1) })
      .expect(400);
    expect(textOf(past.text)).toContain('date: the payment date must be a date from today');
    await app.http
      .post(`${base}/schedule`)
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: token, date: addDays(today, 2) })
      .expect(303);
    expect(await db().collection('invoices').findOne({ _id: due!._id })).toMatchObject({
      status: 'scheduled',
      scheduledDate: addDays(today, 2),
    });
    // Without the form's token: refused, nothing changed.
    await app.http.post(`${base}/approve`).set('Cookie', admin).type('form').send({ _csrf: 'forged' }).expect(403);
  });

  it('says a file imported before was imported before, links the import that holds it, and shows no progress', async () => {
    const csv = 'Leveranciernummer;Naam\nECHT2;Tweede Echte BV\n';
    await uploadText(app, 'suppliers', csv, 'leveranciers.csv');
    const again = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'suppliers')
      .attach('file', Buffer.from(csv), 'opnieuw.csv')
      .expect(202);
    expect(again.body.status).toBe('duplicate');
    const page = await app.http.get(`/app/imports/${again.body.id}`).set('Cookie', admin).expect(200);
    expect(textOf(page.text)).toContain('Dit bestand is eerder al ongewijzigd geïmporteerd');
    expect(page.text).toContain(`href="/app/imports/${again.body.duplicateOf}"`);
    expect(page.text).not.toContain('<progress');
    await db().collection('suppliers').deleteOne({ supplierId: 'ECHT2' });
  });

  it('removes the sample data in one step, and nothing of it is left', async () => {
    await db().collection('suppliers').insertOne({ supplierId: 'ECHT3', name: 'Blijft BV' });
    const { token, cookies } = await formOn('/app', admin);
    const r = await app.http.post('/app/sample-data/remove').set('Cookie', cookies).type('form').send({ _csrf: token }).expect(303);
    expect(r.headers.location).toMatch(/^\/app\?removed=300,\d+$/);
    for (const c of ['invoices', 'snapshots', 'alerts', 'supplierMessages', 'statusLinks', 'sampleData', 'fxRates', 'alertMarks'])
      expect(
        await db()
          .collection(c)
          .countDocuments(c === 'alerts' || c === 'snapshots' ? { supplierId: /^DEMO-/ } : {}),
        c,
      ).toBe(0);
    expect(
      await db()
        .collection('suppliers')
        .find({}, { projection: { _id: 0, supplierId: 1 } })
        .toArray(),
    ).toEqual([{ supplierId: 'ECHT3' }]);
    const page = textOf((await app.http.get(r.headers.location).set('Cookie', admin).expect(200)).text);
    expect(page).toMatch(/De voorbeeldgegevens zijn verwijderd: 300 leveranciers en [\d]+ facturen/);
    expect(page).not.toContain('Voorbeeldgegevens verwijderen');
    await app.http.get('/payment-practices').expect(404);
  });
});
