/** Payment runs in the web app over HTTP: propose, drop, save, approve as another user, download, import the statement. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { createUser } from '../../src/services/users.ts';
import { useApp } from '../support/app.ts';
import { statementFromPain001, xmllintErrors } from '../support/bank-files.ts';
import { csrfOf, setPasswordFor, signInCookie, textOf } from '../support/forms.ts';
import { FIXTURE_TODAY, importStatusFixtures } from '../support/status-fixtures.ts';

const ORG_IBAN = ibanOf('NL', 'INGB0001234567');
const PAY_DATE = '2025-11-21';

describe('payment runs in the web app', () => {
  const app = useApp({ today: FIXTURE_TODAY, env: { ORG_NAME: 'Gemeente Voorbeeld', ORG_IBAN } });
  const cookies: Record<string, string> = {};

  async function userCookie(email: string, role: 'admin' | 'finance' | 'procurement'): Promise<string> {
    await setPasswordFor(app.http, (await createUser(email, role, 'test')).setPasswordPath);
    return signInCookie(app.http, email);
  }

  /** A page of the app as this user, with the CSRF pair its forms need. */
  async function page(as: string, path: string, status = 200) {
    const r = await app.http.get(path).set('Cookie', cookies[as]).expect(status);
    return { r, text: textOf(r.text), csrf: /name="_csrf"/.test(r.text) ? csrfOf(r) : null };
  }

  async function post(as: string, from: string, path: string, fields: Record<string, string>) {
    const { csrf } = await page(as, from);
    return app.http
      .post(path)
      .set('Cookie', `${cookies[as]}; ${csrf!.cookie}`)
      .type('form')
      .send({ _csrf: csrf!.token, ...fields });
  }

  beforeAll(async () => {
    await importStatusFixtures(app);
    cookies.finance = await userCookie('anna@example.org', 'finance');
    cookies.admin = await userCookie('bram@example.org', 'admin');
    cookies.procurement = await userCookie('cees@example.org', 'procurement');
  }, 240_000);

  let runPath = '';

  it('proposes a run from the form, says what is wrong with it by field, and lets an invoice be dropped', async () => {
    await page('procurement', '/app/payment-runs', 403);
    const bad = await page('finance', '/app/payment-runs/new?currency=EU&budget=12,345&payDate=2020-01-01', 400);
    expect(bad.text).toMatch(/Vul een valutacode in zoals EUR/);
    expect(bad.text).toMatch(/Vul het budget in als een bedrag/);
    expect(bad.text).toMatch(/Vul een betaaldatum in vanaf vandaag \(2025-11-20\)/);
    const q = `currency=EUR&budget=100.000,00&payDate=${PAY_DATE}&interest=1`;
    const p = await page('finance', `/app/payment-runs/new?${q}`);
    expect(p.text).toMatch(/Een betaalrun in EUR voor 21 november 2025/);
    expect(p.text).toMatch(/Niet in het SEPA-bestand Deze leveranciers .* Staal BV: geen IBAN in de stamgegevens/);
    expect(p.text).toContain('J-101');
    expect(p.r.text).toContain('<svg id="rules-chart"');
    const drop = /href="(\/app\/payment-runs\/new\?[^"]*drop=LEV003%7CDV-7[^"]*)"/.exec(p.r.text)?.[1].replace(/&amp;/g, '&');
    expect(drop).toBeTruthy();
    const dropped = await page('finance', drop!);
    expect(dropped.text).not.toContain('DV-7');
    expect(dropped.text).toMatch(/1 factuur met de hand weggelaten/);
    // Saving posts the same request; the run is a draft with that invoice left out.
    const saved = await post('finance', drop!, '/app/payment-runs', {
      currency: 'EUR',
      budget: '100.000,00',
      payDate: PAY_DATE,
      interest: '1',
      drop: 'LEV003|DV-7',
    });
    expect(saved.status, saved.text.slice(0, 300)).toBe(303);
    runPath = saved.headers.location;
    expect(runPath).toMatch(/^\/app\/payment-runs\/[0-9a-f]{24}$/);
    const run = await page('finance', runPath);
    expect(run.text).toMatch(/Concept 0 van 1 goedkeuringen/);
    expect(run.text).toMatch(/U hebt deze run opgesteld, dus een ander keurt hem goed \(vier ogen\)/);
    expect(run.r.text).not.toContain(`action="${runPath}/approve"`);
    expect(run.text).not.toContain('DV-7');
  });

  it('is approved by another user, then gives the bank its file; the drafter cannot approve by posting either', async () => {
    const own = await post('finance', runPath, `${runPath}/approve`, {});
    expect(own.status).toBe(409);
    expect(textOf(own.text)).toMatch(/the run was drafted by you/);
    expect((await post('admin', runPath, `${runPath}/approve`, {})).status).toBe(303);
    const run = await page('finance', runPath);
    expect(run.text).toMatch(/Goedgekeurd 1 van 1 goedkeuringen/);
    expect(run.text).toMatch(/Goedgekeurd bram@example\.org/);
    const file = await post('finance', runPath, `${runPath}/export`, { format: 'pain.001' });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/attachment/);
    expect(xmllintErrors(file.text, 'pain.001.001.09.xsd')).toBe('');
    const after = await page('admin', runPath);
    expect(after.text).toMatch(/Naar de bank/);
    expect(after.text).toMatch(/Geëxporteerd als pain\.001 anna@example\.org/);

    // The bank's statement of that file, uploaded from the imports page's form.
    const statement = statementFromPain001(file.text, { iban: ORG_IBAN, statementId: 'WEB-1', bookingDate: PAY_DATE });
    const { csrf } = await page('finance', '/app/imports');
    const up = await app.http
      .post('/app/bank-statements')
      .set('Cookie', `${cookies.finance}; ${csrf!.cookie}`)
      .field('_csrf', csrf!.token)
      .attach('file', Buffer.from(statement), 'afschrift.xml')
      .expect(303);
    const s = await page('finance', up.headers.location);
    expect(s.text).toMatch(/Bankafschrift WEB-1/);
    expect(s.text).toMatch(/Facturen op betaald gezet \d+/);
    expect(s.text).toContain('J-101');
    expect((await page('finance', runPath)).text).toMatch(/Betaald/);
    const again = await app.http
      .post('/app/bank-statements')
      .set('Cookie', `${cookies.finance}; ${csrf!.cookie}`)
      .field('_csrf', csrf!.token)
      .attach('file', Buffer.from(statement), 'afschrift.xml')
      .expect(409);
    expect(textOf(again.text)).toMatch(
      /Het afschrift is niet geïmporteerd: Stmt\[1\]\/Id: statement WEB-1 .* was imported before; nothing changed/,
    );
  });
});
