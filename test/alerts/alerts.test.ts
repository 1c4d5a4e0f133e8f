/**
 * Alerts end to end: a file imported through the API, the recompute that follows, and the alerts it
 * gives, delivered by a real SMTP server and a webhook receiver in this process. Each alert arrives
 * once; a second recompute sends nothing; acknowledge links work without signing in; a mail server or
 * receiver that refuses at first gets the message later, once.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/domain/alerts/conditions.ts';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { ConditionBatchModel, saveConditionBatch } from '../../src/persistence/alerts/condition-batch.model.ts';
import { ALERT_JOBS } from '../../src/queues/definitions.ts';
import { evaluateAlerts } from '../../src/services/alerts/evaluate.ts';
import { verifyWebhook } from '../../src/services/alerts/webhook-signing.ts';
import { recomputeSuppliers } from '../../src/services/recompute.ts';
import { bearer, alertsSettled as settled, uploadText, useApp, waitForRun } from '../support/app.ts';
import { csrfOf, textOf } from '../support/forms.ts';
import { type Received, useSmtp } from '../support/smtp.ts';
import { makeLink, pathOf } from '../support/status-fixtures.ts';
import { useWebhookReceiver } from '../support/webhook-receiver.ts';

const today = todayIn('Europe/Amsterdam');
const dmy = (d: string) => DateTime.fromISO(d).toFormat('dd-MM-yyyy');

const SUPPLIERS = [
  'Leveranciernummer;Naam;Land;Aantal medewerkers;Betalingstermijn;Inkoper',
  // Agreed terms of 90 days: above the EU's 60 (a warning, for the digest).
  'S-SMALL;Bakkerij Klein;DE;4;90;owner@example.org',
  'S-BIG;Groothandel Groot;DE;500;30;',
].join('\n');

const invoices = (rows: string[]) => ['Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta;Status', ...rows].join('\n');

describe('alerts', () => {
  const smtp = useSmtp();
  const hooks = useWebhookReceiver();
  const app = useApp({
    env: () => ({
      SMTP_URL: smtp.url,
      ALERT_RECIPIENTS: 'inkoop@example.org, en:buyer@example.org',
      ALERT_FROM: 'tijdig <alerts@example.org>',
      PUBLIC_URL: 'https://tijdig.example.org',
    }),
  });
  let hookSecret = '';

  const upload = (kind: 'invoices' | 'suppliers', csv: string, name: string) => uploadText(app, kind, csv, name);

  const alertsSettled = (timeoutMs?: number) => settled(app, timeoutMs);

  async function alerts(query = '') {
    return (await app.http.get(`/api/v1/alerts${query}`).set(bearer(app.tokens.procurement)).expect(200)).body.items as Array<
      Record<string, unknown> & { id: string; rule: string; supplierId: string; state: string; severity: string; text: string }
    >;
  }

  const to = (m: Received) => m.rcpt.join(',');

  it('adds a webhook (admins only) and shows its secret once', async () => {
    await app.http.post('/api/v1/alerts/webhooks').set(bearer(app.tokens.finance)).send({ url: hooks.url }).expect(403);
    await app.http.post('/api/v1/alerts/webhooks').set(bearer(app.tokens.admin)).send({ url: 'ftp://x' }).expect(400);
    const r = await app.http.post('/api/v1/alerts/webhooks').set(bearer(app.tokens.admin)).send({ url: hooks.url }).expect(201);
    hookSecret = r.body.secret;
    expect(hookSecret.length).toBeGreaterThanOrEqual(40);
    const list = await app.http.get('/api/v1/alerts/webhooks').set(bearer(app.tokens.admin)).expect(200);
    expect(list.body.webhooks).toEqual([expect.objectContaining({ id: r.body.id, url: hooks.url })]);
    expect(JSON.stringify(list.body)).not.toContain(hookSecret);
  });

  it('an import with a late invoice of a small supplier, unlawful terms and an invoice about to be late gives exactly those alerts', async () => {
    await upload('suppliers', SUPPLIERS, 'leveranciers.csv');
    await upload(
      'invoices',
      invoices([
        `S-SMALL;K-1;${dmy(addDays(today, -50))};${dmy(addDays(today, -20))};1.500,00;EUR;ontvangen`,
        `S-BIG;G-1;${dmy(addDays(today, -28))};${dmy(addDays(today, 2))};12.000,00;EUR;ontvangen`,
        `S-BIG;G-2;${dmy(addDays(today, -10))};${dmy(addDays(today, 20))};500,00;EUR;ontvangen`,
      ]),
      'facturen.csv',
    );
    await alertsSettled();
    const list = await alerts();
    expect(list.map((a) => `${a.rule}|${a.supplierId}|${a.severity}|${a.state}`).sort()).toEqual([
      'smallSupplierOverdue|S-SMALL|critical|open',
      'unlawfulTerms|S-SMALL|warning|open',
      'willBeLate|S-BIG|critical|open',
    ]);
    const late = list.find((a) => a.rule === 'willBeLate');
    expect(late?.text).toBe(
      `Invoice G-1 (€12,000.00) is due on ${DateTime.fromISO(addDays(today, 2)).setLocale('en-GB').toFormat('d MMMM yyyy')}, in 2 days, and is not approved: it will be paid late unless someone approves it today.`,
    );
    expect(late).toMatchObject({ invoiceNumbers: ['G-1'], links: { supplier: 'https://tijdig.example.org/app/suppliers/S-BIG' } });
  });

  it('sends the critical alerts at once, to each recipient in its language (and the supplier’s owner), with working links', async () => {
    const all = await smtp.waitFor(5);
    // The small supplier's alert also goes to its owner; the warning waits for the digest.
    const small = all.filter((m) => String(m.subject).includes('Bakkerij Klein'));
    expect(small.map(to).sort()).toEqual(['buyer@example.org', 'inkoop@example.org', 'owner@example.org']);
    expect(small.find((m) => to(m) === 'buyer@example.org')?.text).toContain(
      'We owe €1,500.00 past its due date to a micro business; the oldest invoice is 20 days overdue.',
    );
    expect(all.some((m) => /Unlawful payment terms|Onwettige betaaltermijn/.test(String(m.text)))).toBe(false);
    const mail = all.filter((m) => String(m.subject).includes('Groothandel Groot'));
    expect(mail.map(to).sort()).toEqual(['buyer@example.org', 'inkoop@example.org']);
    const nl = mail.find((m) => to(m) === 'inkoop@example.org') as Received;
    const en = mail.find((m) => to(m) === 'buyer@example.org') as Received;
    expect(nl.subject).toBe('[tijdig] Groothandel Groot: Wordt te laat');
    // Intl writes a no-break space between the euro sign and the amount.
    expect(nl.text).toMatch(/Factuur G-1 \(€\s12\.000,00\) vervalt op/);
    expect(nl.text).toContain('niet goedgekeurd');
    expect(en.subject).toBe('[tijdig] Groothandel Groot: Will be late');
    expect(en.text).toContain('Invoice G-1 (€12,000.00) is due on');
    expect(nl.from?.value[0]).toMatchObject({ name: 'tijdig', address: 'alerts@example.org' });
    // HTML and text say the same; the HTML links to the supplier, to what ends the alert (approving
    // the invoice on the supplier's page), and to acknowledging and snoozing it.
    expect(textOf(String(nl.html))).toMatch(/Factuur G-1 \(€\s12\.000,00\) vervalt op/);
    const links = [...String(en.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(links[0]).toBe('https://tijdig.example.org/app/suppliers/S-BIG');
    expect(links[1]).toBe('https://tijdig.example.org/app/suppliers/S-BIG?invoices=todo#invoices');
    expect(links[2]).toMatch(/^https:\/\/tijdig\.example\.org\/alerts\/[0-9a-f]{24}\/acknowledge\?e=\d+&s=[\w-]+$/);
    expect(links[3]).toMatch(/\/snooze\?e=\d+&s=[\w-]+$/);
    expect(en.text).toContain(`Approve the invoices: ${links[1]}`);
    expect(en.text).toContain(links[2]);
    // The same Message-ID scheme per delivery: stable, so a repeat after a crash can be recognised.
    expect(en.messageId).toMatch(/^<[0-9a-f]{32}@tijdig>$/);
    expect(en.messageId).not.toBe(nl.messageId);
  });

  it('posts every new alert to the webhook, signed, with an idempotency key', async () => {
    const posts = await hooks.waitFor(3);
    expect(posts).toHaveLength(3);
    const rules = new Set<string>();
    for (const p of posts) {
      expect(p.headers['content-type']).toBe('application/json');
      expect(verifyWebhook(hookSecret, String(p.headers['x-tijdig-timestamp']), p.body, String(p.headers['x-tijdig-signature']))).toBe(
        true,
      );
      expect(
        verifyWebhook(
          'another-secret-another-secret',
          String(p.headers['x-tijdig-timestamp']),
          p.body,
          String(p.headers['x-tijdig-signature']),
        ),
      ).toBe(false);
      const body = JSON.parse(p.body);
      expect(p.headers['idempotency-key']).toBe(body.deliveryId);
      // In the organisation's language (Dutch here); the structured alert is the API's.
      expect(body.text).toContain(body.alert.supplierName);
      expect(body.text).toContain(body.alert.links.supplier);
      rules.add(body.alert.rule);
    }
    expect([...rules].sort()).toEqual(['smallSupplierOverdue', 'unlawfulTerms', 'willBeLate']);
    // Older than five minutes: refused by the receiver's check.
    const p = posts[0];
    const old = Number(p.headers['x-tijdig-timestamp']) + 301;
    expect(verifyWebhook(hookSecret, String(p.headers['x-tijdig-timestamp']), p.body, String(p.headers['x-tijdig-signature']), old)).toBe(
      false,
    );
  });

  it('the daily digest gathers the open warnings: every recipient in its language, each owner only its suppliers', async () => {
    const mails = smtp.messages.length;
    await app.alertsQueue.queue.add(ALERT_JOBS.digest, {});
    await alertsSettled();
    const digests = smtp.messages.slice(mails);
    expect(digests.map(to).sort()).toEqual(['buyer@example.org', 'inkoop@example.org', 'owner@example.org']);
    const en = digests.find((m) => to(m) === 'buyer@example.org') as Received;
    expect(en.subject).toBe(`[tijdig] 1 alert for ${DateTime.fromISO(today).setLocale('en-GB').toFormat('d MMMM yyyy')}`);
    // Each supplier once, with its alerts under it.
    expect(en.text).toContain('Bakkerij Klein (https://tijdig.example.org/app/suppliers/S-SMALL)');
    expect(en.text).toContain('Warning · Unlawful payment terms');
    expect(en.text).toContain(
      'The agreed payment term of 90 days is above the legal maximum of 60 days (EU Late Payment Directive 2011/7/EU).',
    );
    const owner = digests.find((m) => to(m) === 'owner@example.org') as Received;
    expect(owner.subject).toMatch(/^\[tijdig\] 1 melding op /);
    expect(owner.text).toContain('Bakkerij Klein');
    expect(owner.text).not.toContain('Groothandel Groot');
    // The critical alerts went out at once and are not repeated; a second run sends nothing.
    expect(en.text).not.toContain('Groothandel Groot');
    expect(en.text).not.toContain('Small or dependent supplier overdue');
    await app.alertsQueue.queue.add(ALERT_JOBS.digest, {}, { jobId: `digest_again_${Date.now()}` });
    await alertsSettled();
    expect(smtp.messages.length).toBe(mails + 3);
  });

  it('a second recompute sends nothing new', async () => {
    const [mails, posts] = [smtp.messages.length, hooks.posts.length];
    for (const round of ['a', 'b']) {
      const run = await app.recompute.full(today, `again_${round}_${Date.now()}`);
      await waitForRun(app, String(run.id));
    }
    await alertsSettled();
    expect(await alerts()).toHaveLength(3);
    expect(smtp.messages.length).toBe(mails);
    expect(hooks.posts.length).toBe(posts);
  });

  it('a recompute of a past day hands nothing over to the alerts', async () => {
    const batches = await ConditionBatchModel.countDocuments();
    const run = await app.recompute.full(addDays(today, -3), `past_${Date.now()}`);
    await waitForRun(app, String(run.id));
    await alertsSettled();
    expect(await ConditionBatchModel.countDocuments()).toBe(batches);
    expect(await alerts()).toHaveLength(3);
  });

  it('two evaluations of the same new condition at once (two workers, a retried job) open one alert', async () => {
    const posts = hooks.posts.length;
    const condition: Condition = {
      topic: 'terms',
      rule: 'unlawfulTerms',
      rules: ['unlawfulTerms'],
      supplierId: 'S-BIG',
      subject: 'EU_MAX_60_DAYS|95',
      severity: 'warning',
      invoiceNumbers: ['X-9'],
      facts: [
        {
          rule: 'unlawfulTerms',
          termDays: 95,
          limitDays: 60,
          law: 'EU_MAX_60_DAYS',
          agreed: false,
          invoiceCount: 1,
          invoiceNumbers: ['X-9'],
        },
      ],
      harmScore: 0,
      opens: true,
    };
    // S-BIG's conditions as a recompute finds them, plus one the figures do not have.
    const { conditions = [] } = await recomputeSuppliers(['S-BIG'], today, app.org, { alerts: true });
    const suppliers = conditions.map((c) => ({ ...c, conditions: [...c.conditions, condition], digest: 'race' }));
    const [a, b] = [`race_a_${Date.now()}`, `race_b_${Date.now()}`];
    await saveConditionBatch({ _id: a, asOf: today, suppliers });
    await saveConditionBatch({ _id: b, asOf: today, suppliers });
    const results = await Promise.all([evaluateAlerts(a, app.alerts), evaluateAlerts(b, app.alerts)]);
    expect(results.map((r) => r.opened).sort()).toEqual([0, 1]);
    const x9 = (await alerts()).filter((x) => (x.invoiceNumbers as string[]).includes('X-9'));
    expect(x9.map((x) => x.state)).toEqual(['open']);
    await alertsSettled();
    expect(hooks.posts.length).toBe(posts + 1);
    // The figures say nothing of X-9: the next recompute resolves it, and only it.
    const before = (await alerts()).filter((x) => x.state !== 'resolved').length;
    const run = await app.recompute.full(today, `after_race_${Date.now()}`);
    await waitForRun(app, String(run.id));
    await alertsSettled();
    expect((await alerts()).filter((x) => (x.invoiceNumbers as string[]).includes('X-9')).map((x) => x.state)).toEqual(['resolved']);
    expect((await alerts()).filter((x) => x.state !== 'resolved').length).toBe(before - 1);
    expect(hooks.posts.length).toBe(posts + 1);
  });

  it('the acknowledge link shows the alert, asks, and acknowledges without signing in', async () => {
    const en = smtp.messages.find((m) => to(m) === 'buyer@example.org' && String(m.subject).includes('Groothandel')) as Received;
    const href = [...String(en.html).matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1].replace(/&amp;/g, '&'))
      .find((h) => h.includes('/acknowledge?')) as string;
    const path = new URL(href).pathname + new URL(href).search;
    const page = await app.http.get(path).set('Accept-Language', 'en').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(textOf(page.text)).toContain('Groothandel Groot: Will be late');
    // Opening the link changed nothing (a mail scanner opens links).
    expect((await alerts()).find((a) => a.rule === 'willBeLate')?.state).toBe('open');
    const done = await app.http.post(path).set('Accept-Language', 'en').type('form').send({}).expect(200);
    expect(textOf(done.text)).toContain('The alert is acknowledged.');
    const late = (await alerts()).find((a) => a.rule === 'willBeLate');
    expect(late).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'e-mail link' });
    // The signature is never logged.
    const sig = new URL(href).searchParams.get('s') as string;
    expect(app.logs.join('\n')).not.toContain(sig);
  });

  it('a link for another action, another alert, tampered or expired does not work', async () => {
    const en = smtp.messages.find((m) => to(m) === 'buyer@example.org' && String(m.subject).includes('Groothandel')) as Received;
    const href = new URL(
      [...String(en.html).matchAll(/href="([^"]+)"/g)]
        .map((m) => m[1].replace(/&amp;/g, '&'))
        .find((h) => h.includes('/acknowledge?')) as string,
    );
    const other = (await alerts()).find((a) => a.rule === 'smallSupplierOverdue')?.id as string;
    const e = href.searchParams.get('e') as string;
    const s = href.searchParams.get('s') as string;
    const id = href.pathname.split('/')[2];
    for (const bad of [
      `/alerts/${id}/snooze?e=${e}&s=${s}`,
      `/alerts/${other}/acknowledge?e=${e}&s=${s}`,
      `/alerts/${id}/acknowledge?e=${Number(e) + 1}&s=${s}`,
      `/alerts/${id}/acknowledge?e=1000000000&s=${s}`,
      `/alerts/${id}/acknowledge`,
    ]) {
      const r = await app.http
        .post(bad)
        .set('Accept-Language', 'en')
        .type('form')
        .send({ until: addDays(today, 3) });
      expect(r.status, bad).toBe(404);
      expect(textOf(r.text)).toContain('This link does not work');
    }
    expect((await alerts()).find((a) => a.id === other)?.state).toBe('open');
  });

  it('acknowledge and snooze through the API, with clear errors', async () => {
    const warning = (await alerts()).find((a) => a.rule === 'smallSupplierOverdue') as { id: string };
    const api = (p: string) => app.http.post(`/api/v1/alerts/${warning.id}/${p}`);
    await api('snooze')
      .send({ until: addDays(today, 3) })
      .expect(401);
    const bad = await api('snooze').set(bearer(app.tokens.procurement)).send({ until: today }).expect(400);
    expect(bad.body.error.message).toContain('until: must be a date after today');
    await api('snooze')
      .set(bearer(app.tokens.procurement))
      .send({ until: { $gt: '' } })
      .expect(400);
    const r = await api('snooze')
      .set(bearer(app.tokens.procurement))
      .send({ until: addDays(today, 3) })
      .expect(200);
    expect(r.body).toMatchObject({ state: 'snoozed', snoozedUntil: addDays(today, 3), acknowledgedBy: 'test procurement' });
    await app.http.post('/api/v1/alerts/000000000000000000000000/ack').set(bearer(app.tokens.procurement)).expect(404);
    expect((await alerts('?open=true')).length).toBe(3);
    expect((await alerts('?state=snoozed')).map((a) => a.id)).toEqual([warning.id]);
    const q = await app.http.get('/api/v1/alerts?state[$ne]=x').set(bearer(app.tokens.procurement)).expect(400);
    expect(q.body.error.message).toContain('query.state');
  });

  it('a mail server and a receiver that refuse at first get the alert later, once', async () => {
    const [mails, posts] = [smtp.messages.length, hooks.posts.length];
    smtp.refuseNext(2);
    hooks.failNext(1);
    // A supplier without alerts so far (one with a payment alert would have G-3 added to it, not sent again).
    await upload(
      'invoices',
      invoices([`S-NEW;G-3;${dmy(addDays(today, -29))};${dmy(addDays(today, 1))};700,00;EUR;goedgekeurd`]),
      'g3.csv',
    );
    await alertsSettled(90_000);
    const fresh = smtp.messages.slice(mails);
    expect(fresh.map(to).sort()).toEqual(['buyer@example.org', 'inkoop@example.org']);
    expect(fresh[0].subject).toContain('S-NEW');
    expect(smtp.refused()).toBe(2);
    const hookPosts = hooks.posts.slice(posts);
    expect(hookPosts.map((p) => p.status)).toEqual([503, 200]);
    expect(hookPosts[0].headers['idempotency-key']).toBe(hookPosts[1].headers['idempotency-key']);
    const g3 = (await alerts()).find((a) => (a.invoiceNumbers as string[]).includes('G-3')) as { id: string; text: string };
    expect(g3.text).toContain('approved but not scheduled');
    const detail = await app.http.get(`/api/v1/alerts/${g3.id}`).set(bearer(app.tokens.finance)).expect(200);
    const attempts = detail.body.deliveries.map((d: { channel: string; attempts: Array<{ ok: boolean }> }) => [
      d.channel,
      d.attempts.map((x) => x.ok),
    ]);
    // Two failed attempts spread over the two addresses' first tries, then each delivered.
    expect(
      attempts
        .filter(([c]: [string]) => c === 'email')
        .flatMap(([, a]: [string, boolean[]]) => a)
        .filter((ok: boolean) => !ok),
    ).toHaveLength(2);
    expect(detail.body.deliveries.every((d: { status: string }) => d.status === 'sent')).toBe(true);
    expect(JSON.stringify(detail.body)).not.toContain('buyer@example.org');
  });

  it('an alert resolves itself when its cause is gone; a comeback is a new alert', async () => {
    await upload(
      'invoices',
      invoices([`S-BIG;G-1;${dmy(addDays(today, -28))};${dmy(addDays(today, 2))};12.000,00;EUR;ingepland`]),
      'g1.csv',
    );
    await alertsSettled();
    const g1 = (await alerts()).filter((a) => (a.invoiceNumbers as string[]).includes('G-1'));
    expect(g1.map((a) => a.state)).toEqual(['resolved']);
    await upload(
      'invoices',
      invoices([`S-BIG;G-1;${dmy(addDays(today, -28))};${dmy(addDays(today, 2))};12.000,00;EUR;ontvangen`]),
      'g1b.csv',
    );
    await alertsSettled();
    const again = (await alerts()).filter((a) => (a.invoiceNumbers as string[]).includes('G-1'));
    expect(again.map((a) => a.state).sort()).toEqual(['open', 'resolved']);
  });

  it('a supplier’s question becomes an alert; marking the message handled resolves it', async () => {
    const link = await makeLink(app, 'S-SMALL');
    const { token, cookie } = csrfOf(await app.http.get(pathOf(link.url)).expect(200));
    const posts = hooks.posts.length;
    await app.http
      .post(`${pathOf(link.url)}/messages`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, kind: 'question', invoiceNumber: 'K-1', message: 'When will K-1 be paid? We need it for wages.' })
      .expect(303);
    await alertsSettled();
    const asked = (await alerts()).find((a) => a.rule === 'supplierAsked');
    expect(asked).toMatchObject({ supplierId: 'S-SMALL', state: 'open', invoiceNumbers: ['K-1'] });
    expect(asked?.text).toBe('The supplier asked about invoice K-1 on its status page: “When will K-1 be paid? We need it for wages.”');
    await hooks.waitFor(hooks.posts.filter((p) => p.status === 200).length + 0);
    expect(hooks.posts.length).toBe(posts + 1);
    const inbox = await app.http.get('/api/v1/supplier-messages').set(bearer(app.tokens.finance)).expect(200);
    await app.http.post(`/api/v1/supplier-messages/${inbox.body.messages[0].id}/handled`).set(bearer(app.tokens.procurement)).expect(200);
    expect((await alerts()).find((a) => a.rule === 'supplierAsked')?.state).toBe('resolved');
  });

  it('an alert whose figures change stays one alert, and is not sent again', async () => {
    const warning = (await alerts()).find((a) => a.rule === 'smallSupplierOverdue') as { id: string };
    await app.http.post(`/api/v1/alerts/${warning.id}/ack`).set(bearer(app.tokens.procurement)).expect(200);
    const mails = smtp.messages.length;
    await upload(
      'invoices',
      invoices([`S-SMALL;K-2;${dmy(addDays(today, -40))};${dmy(addDays(today, -10))};300,00;EUR;ontvangen`]),
      'k2.csv',
    );
    await alertsSettled();
    // The same live alert (now with K-2 among its invoices): nothing new to send.
    await app.alertsQueue.queue.add(ALERT_JOBS.digest, {}, { jobId: `digest_k2_${Date.now()}` });
    await alertsSettled();
    expect(smtp.messages.length).toBe(mails);
    const current = (await alerts()).find((a) => a.id === warning.id);
    expect(current?.invoiceNumbers).toEqual(['K-1', 'K-2']);
  });

  it('schedules the digest at ALERT_DIGEST_TIME in the organisation’s time zone', async () => {
    await app.alertsQueue.scheduleDigest('07:30', 'Europe/Amsterdam');
    const s = await app.alertsQueue.queue.getJobScheduler('alert-digest');
    expect(s).toMatchObject({ pattern: '30 7 * * *', tz: 'Europe/Amsterdam', name: ALERT_JOBS.digest });
    await app.alertsQueue.queue.removeJobScheduler('alert-digest');
  });

  it('rules are read by anyone and changed by admins only, field by field', async () => {
    const r = await app.http.get('/api/v1/alerts/rules').set(bearer(app.tokens.procurement)).expect(200);
    expect(r.body.rules.willBeLate).toEqual({ enabled: true, withinDays: 3 });
    await app.http
      .put('/api/v1/alerts/rules')
      .set(bearer(app.tokens.finance))
      .send({ willBeLate: { withinDays: 5 } })
      .expect(403);
    const bad = await app.http
      .put('/api/v1/alerts/rules')
      .set(bearer(app.tokens.admin))
      .send({ willBeLate: { withinDays: -1 } })
      .expect(400);
    expect(bad.body.error.message).toContain('body.willBeLate.withinDays');
    await app.http.put('/api/v1/alerts/rules').set(bearer(app.tokens.admin)).send({ nope: {} }).expect(400);
    const ok = await app.http
      .put('/api/v1/alerts/rules')
      .set(bearer(app.tokens.admin))
      .send({ willBeLate: { withinDays: 5 } })
      .expect(200);
    expect(ok.body.rules.willBeLate).toEqual({ enabled: true, withinDays: 5 });
    expect(ok.body.rules.disputeOpen).toEqual({ enabled: true, days: 14 });
  });
});
