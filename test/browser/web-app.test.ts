/**
 * The finance and procurement web app in a real browser: set a password, sign in, see the overview,
 * filter the ranking, open a supplier and its trend, make a status link and open it as the supplier,
 * upload a file and watch it import, download the rejected rows, and procurement kept out of
 * uploads. Every page is scanned for accessibility; screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionLink } from '../../src/services/alerts/action-links.ts';
import { createUser } from '../../src/services/users.ts';
import { bearer, useApp, waitForRun } from '../support/app.ts';
import { axeViolations, SCREENSHOTS, screenshot, skipBrowser, useBrowser } from '../support/browser.ts';
import { ROOT } from '../support/spawn.ts';
import { FIXTURE_TODAY, importStatusFixtures } from '../support/status-fixtures.ts';

// Each test is a whole user journey with several accessibility scans and screenshots: about 30 s
// alone, and twice that when the suite's other worker is busy too.
describe.skipIf(skipBrowser)('the web app in a real browser', { timeout: 180_000 }, () => {
  const app = useApp({ today: FIXTURE_TODAY, listen: true, env: { ORG_NAME: 'Gemeente Voorbeeld' } });
  const b = useBrowser();
  const links: Record<string, string> = {};

  beforeAll(async () => {
    await importStatusFixtures(app);
    // Two days of figures, so trends have something to draw.
    for (const asOf of ['2025-11-19', FIXTURE_TODAY]) {
      const started = await app.http.post('/api/v1/recompute').set(bearer(app.tokens.finance)).send({ asOf }).expect(202);
      await waitForRun(app, started.body.jobId);
    }
    for (const [email, role] of [
      ['fien@gemeente.example', 'finance'],
      ['piet@gemeente.example', 'procurement'],
      ['anne@gemeente.example', 'admin'],
    ] as const)
      links[email] = `${app.baseUrl}${(await createUser(email, role, 'test')).setPasswordPath}`;
  }, 480_000);

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill(password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
  }

  it('sets a password from the one-time link, signs in, and shows the overview with its charts', async () => {
    // CSP bypassed so axe can be injected; the supplier-page tests check the CSP itself.
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(links['fien@gemeente.example']);
    await screenshot(page, 'app-set-password');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('kort');
    await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    expect(await page.locator('.error-summary').innerText()).toMatch(/minstens 12 tekens/);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een lange zin als wachtwoord');
    await page.getByLabel('Hetzelfde wachtwoord nog eens').fill('een lange zin als wachtwoord');
    await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    expect(await page.getByRole('status').innerText()).toMatch(/Uw wachtwoord is ingesteld/);
    await signIn(page, 'fien@gemeente.example', 'een verkeerd wachtwoord');
    expect(await page.locator('.error-summary').innerText()).toMatch(/klopt niet/);
    await screenshot(page, 'app-sign-in-error');
    await page.getByLabel('Wachtwoord').fill('een lange zin als wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await page.locator('h1').innerText()).toBe('Hoe wij onze leveranciers betalen');
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('main').innerText()).toMatch(/Te laat\s+€\s14\.534,56/);
    await screenshot(page, 'app-overview');
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('filters the ranking, opens a supplier with its trend chart, makes a status link and opens it as the supplier', async () => {
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await signIn(page, 'fien@gemeente.example', 'een lange zin als wachtwoord');
    await page.getByRole('link', { name: 'Leveranciers' }).click();
    expect(await page.locator('table.ranking tbody tr').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-ranking');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'app-ranking-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('Alleen met onwettige betalingstermijn').check();
    await page.getByRole('button', { name: 'Tonen' }).click();
    const names = await page.locator('table.ranking tbody th a').allInnerTexts();
    expect(names.sort()).toEqual(['Drukkerij De Vries', 'Staal BV']);
    await page.getByLabel('Leveranciersnummer of naam').fill('vries');
    await page.getByRole('button', { name: 'Tonen' }).click();
    expect(await page.locator('table.ranking tbody th a').allInnerTexts()).toEqual(['Drukkerij De Vries']);
    await page.getByRole('link', { name: 'Drukkerij De Vries' }).click();
    expect(await page.locator('h1').innerText()).toBe('Drukkerij De Vries');
    expect(await page.locator('#harm-trend rect').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-supplier');
    await page.getByRole('button', { name: 'Een nieuwe statuslink maken' }).click();
    const url = (await page.locator('code.copy').innerText()).trim();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/);
    await screenshot(page, 'app-supplier-new-link');
    const supplier = await b.browser.newContext({ locale: 'nl-NL' });
    const sp = await supplier.newPage();
    await sp.goto(`${app.baseUrl}${new URL(url).pathname}`);
    expect(await sp.locator('h1').innerText()).toBe('Facturen van Drukkerij De Vries bij Gemeente Voorbeeld');
    await supplier.close();
    await ctx.close();
  });

  it('uploads a Dutch-format file, shows the import reaching 100 % with its counts, and offers the rejected rows', async () => {
    const ctx = await b.browser.newContext({
      locale: 'nl-NL',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    await signIn(page, 'fien@gemeente.example', 'een lange zin als wachtwoord');
    await page.getByRole('link', { name: 'Imports' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-imports');
    const rows = ['Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta'];
    for (let i = 0; i < 3000; i++)
      rows.push(`LEV00${1 + (i % 3)};UP-${i};0${1 + (i % 9)}-10-2025;0${1 + (i % 9)}-11-2025;${100 + i},50;EUR`);
    rows.push('LEV001;UP-bad;31-02-2025;01-03-2025;12,00;EUR');
    const file = path.join(fs.mkdtempSync(path.join(ROOT, 'test-artifacts', 'upload-')), 'facturen-oktober.csv');
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
    await page.getByLabel('CSV- of Excel-bestand').setInputFiles(file);
    await page.getByRole('button', { name: 'Uploaden en importeren' }).click();
    await page.waitForURL(/\/app\/imports\/[0-9a-f]{24}$/);
    await page.waitForFunction(() => document.querySelector('#import-status')?.textContent === 'Klaar', null, { timeout: 60_000 });
    const progress = page.locator('#import-progress');
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
    expect(await page.locator('main').innerText()).toMatch(/Nieuw\s+3\.000[\s\S]*Afgewezen\s+1/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-import-done');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /afgewezen regels downloaden/ }).click(),
    ]);
    const csv = fs.readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toMatch(/^line,column,value,reason\r\n3002,Factuurdatum,31-02-2025,/);
    await ctx.close();
  });

  it('keeps procurement out of uploads, and lets it read the reports', async () => {
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(links['piet@gemeente.example']);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('inkoop heeft ook een wachtwoord');
    await page.getByLabel('Hetzelfde wachtwoord nog eens').fill('inkoop heeft ook een wachtwoord');
    await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    await signIn(page, 'piet@gemeente.example', 'inkoop heeft ook een wachtwoord');
    expect(await page.locator('.appbar nav').innerText()).not.toMatch(/Imports/);
    const r = await page.goto(`${app.baseUrl}/app/imports`);
    expect(r?.status()).toBe(403);
    await page.goto(`${app.baseUrl}/app/reports?from=2025-01-01&to=2025-12-01&asOf=${FIXTURE_TODAY}`);
    expect(await page.locator('main').innerText()).toMatch(/Betaalgedrag[\s\S]*Gemiddeld aantal dagen tot betaling/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-reports');
    await page.getByRole('button', { name: 'Afmelden' }).click();
    expect(await page.getByRole('status').innerText()).toMatch(/U bent afgemeld/);
    const back = await page.goto(`${app.baseUrl}/app`);
    expect(new URL(back?.url() ?? '').pathname).toBe('/sign-in');
    await ctx.close();
  });

  it('shows procurement its alerts, acknowledges one, and snoozes one from an e-mail link without signing in', async () => {
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await signIn(page, 'piet@gemeente.example', 'inkoop heeft ook een wachtwoord');
    await page.getByRole('link', { name: 'Meldingen' }).click();
    expect(await page.locator('h1').innerText()).toBe('Meldingen');
    // One row per supplier, each with its alerts.
    const rows = page.locator('ol.supplier-alerts .alert-list > li');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('main').innerText()).toMatch(/Bakkerij Jansen[\s\S]*Kleine of afhankelijke leverancier over tijd/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-alerts');
    const first = rows.first();
    const id = (await first.getAttribute('id'))?.replace('alert-', '') as string;
    await first.getByRole('button', { name: 'Gezien' }).click();
    expect(await page.getByRole('status').innerText()).toBe('De melding is als gezien gemarkeerd.');
    expect(await page.locator(`#alert-${id}`).innerText()).toMatch(/Gezien/);
    // Acknowledged: it can still be snoozed, not acknowledged again.
    expect(await page.locator(`#alert-${id}`).getByRole('button').allInnerTexts()).toEqual(['7 dagen uitstellen']);
    await screenshot(page, 'app-alerts-acknowledged');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'app-alerts-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The supplier's own page lists its live alerts too.
    await page.getByRole('link', { name: 'Bakkerij Jansen' }).first().click();
    const section = page.locator('section[aria-labelledby="alerts"]');
    expect(await section.innerText()).toMatch(/Meldingen[\s\S]*Kleine of afhankelijke leverancier over tijd/);
    expect(await axeViolations(page)).toEqual([]);
    await section.screenshot({ path: path.join(SCREENSHOTS, 'app-supplier-alerts.png') });
    await ctx.close();

    // The snooze link of an alert e-mail, opened in a browser that is not signed in.
    const other = await b.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const mailPage = await other.newPage();
    const href = actionLink(app.baseUrl, app.alerts.secret, id, 'snooze');
    await mailPage.goto(href);
    expect(await mailPage.locator('h1').innerText()).toBe('Snooze alert');
    expect(await axeViolations(mailPage)).toEqual([]);
    await screenshot(mailPage, 'alert-snooze-link');
    await mailPage.getByLabel('Snooze until').fill('2020-01-01');
    await mailPage.getByRole('button', { name: 'Snooze this alert' }).click();
    expect(await mailPage.locator('.error-summary').innerText()).toMatch(/Enter a date after today/);
    expect(await axeViolations(mailPage)).toEqual([]);
    await screenshot(mailPage, 'alert-snooze-link-error');
    await mailPage.getByLabel('Snooze until').fill('2025-12-01');
    await mailPage.getByRole('button', { name: 'Snooze this alert' }).click();
    expect(await mailPage.getByRole('status').innerText()).toBe('The alert is snoozed until 1 December 2025.');
    await screenshot(mailPage, 'alert-snooze-link-done');
    await other.close();
  });

  it('lets an admin add users, API tokens and reference rates, and open the job queues', async () => {
    const ctx = await b.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(links['anne@gemeente.example']);
    await page.getByLabel('New password', { exact: true }).fill('admin password long enough');
    await page.getByLabel('The same password again').fill('admin password long enough');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByLabel('E-mail address').fill('anne@gemeente.example');
    await page.getByLabel('Password').fill('admin password long enough');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Administration' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-admin');
    await page.getByRole('link', { name: 'Overview' }).click();
    await screenshot(page, 'app-overview-en');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'app-overview-en-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByLabel('E-mail address').fill('nieuw@gemeente.example');
    await page.getByRole('button', { name: 'Add' }).first().click();
    expect(await page.locator('code.copy').innerText()).toMatch(/\/set-password\/[A-Za-z0-9_-]{32}$/);
    await page.getByLabel('Who or what uses it').fill('Power BI');
    await page.locator('form[action="/app/admin/tokens"] button').click();
    expect(await page.locator('code.copy').innerText()).toMatch(/^tjd_/);
    expect(await page.locator('#tokens-caption').locator('xpath=..').innerText()).toContain('Power BI');
    await page.getByLabel('Reference date').fill('2027-01-01');
    await page.getByLabel('Rate in percent').fill('2.40');
    await page.getByLabel('Source', { exact: true }).fill('ECB MRO rate on 1 January 2027');
    await page.locator('form[action="/app/admin/rates"] button').click();
    expect(await page.locator('#rates-caption').locator('xpath=..').innerText()).toMatch(
      /1 January 2027\s+2\.40%\s+ECB MRO rate on 1 January 2027/,
    );
    const board = await page.goto(`${app.baseUrl}/app/admin/queues`);
    expect(board?.status()).toBe(200);
    await page.waitForSelector('text=recompute', { timeout: 20_000 });
    await screenshot(page, 'app-admin-queues');
    await ctx.close();
  });
});
