/**
 * A group of a Dutch B.V. and a UK Ltd in a real browser: the ranking filtered to one entity, the
 * reports page's entity filter and its link to the UK pack, the pack as a page (and as printed), the
 * entities page refusing a bad file, and a shared supplier's status page grouped by entity. Every page
 * is scanned for accessibility; screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { bearer, useApp, waitForImport, waitForRun } from '../support/app.ts';
import { axeViolations, screenshot, signedInPage, skipBrowser, useBrowser } from '../support/browser.ts';
import { ROOT } from '../support/spawn.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/group');
const TODAY = '2025-12-01';

describe.skipIf(skipBrowser)('a group of legal entities in a real browser', { timeout: 180_000 }, () => {
  const app = useApp({ today: TODAY, listen: true, env: { ORG_NAME: 'Tijdig Groep' } });
  const b = useBrowser();
  let statusUrl = '';

  beforeAll(async () => {
    const admin = bearer(app.tokens.admin);
    await app.http
      .post('/api/v1/entities')
      .set(admin)
      .set('Content-Type', 'text/csv')
      .send(fs.readFileSync(path.join(FIXTURES, 'entities.csv')))
      .expect(200);
    for (const [kind, file] of [
      ['suppliers', 'suppliers.csv'],
      ['invoices', 'invoices.csv'],
    ]) {
      const r = await app.http.post('/api/v1/imports').set(admin).field('kind', kind).attach('file', path.join(FIXTURES, file)).expect(202);
      expect(await waitForImport(app, r.body.id, 100_000)).toMatchObject({ status: 'completed' });
    }
    const started = await app.http.post('/api/v1/recompute').set(admin).send({ asOf: TODAY }).expect(202);
    await waitForRun(app, started.body.jobId);
    const link = await app.http.post('/api/v1/suppliers/S1/status-links').set(admin).send({}).expect(201);
    statusUrl = `${app.baseUrl}${new URL(link.body.url).pathname}`;
  }, 300_000);

  it("filters the ranking and the reports to one entity, and shows the UK pack of the Ltd's first half-year", async () => {
    const email = 'anne@groep.example';
    const page = await signedInPage(b.browser, app.baseUrl, {
      email,
      setPasswordPath: (await createUser(email, 'admin', 'test')).setPasswordPath,
    });

    // The overview of the Ltd alone: its money in pounds, no group trend.
    await page.getByLabel('Entiteit', { exact: true }).selectOption('UKLTD');
    await page.getByRole('button', { name: 'Tonen' }).click();
    const overview = await page.locator('main').innerText();
    expect(overview).toMatch(/Het deel van UKLTD/);
    expect(overview).toMatch(/Te laat\s+£\s?1\.000,00/);
    expect(await page.locator('#trend').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'entities-overview');

    await page.goto(`${app.baseUrl}/app/suppliers`);
    await page.getByLabel('Entiteit', { exact: true }).selectOption('UKLTD');
    await page.getByRole('button', { name: 'Tonen' }).first().click();
    expect(new URL(page.url()).searchParams.get('entity')).toBe('UKLTD');
    const ranking = await page.locator('main table').first().innerText();
    // The Ltd's part of S1: U1 of £ 1.000,00 open; M1 (the default entity's) is not S2's part here.
    expect(ranking).toMatch(/Bakkerij Jansen/);
    expect(ranking).toMatch(/£\s?1\.000,00/);
    // Its overdue reason is the Ltd's part too; S2 has nothing overdue at the Ltd (M1 is the default entity's).
    expect(ranking).not.toMatch(/€/);
    expect(await page.locator('main').innerText()).toMatch(/de schadescore en haar andere redenen gelden voor de hele groep/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'entities-ranking-filtered');

    await page.goto(`${app.baseUrl}/app/reports?from=2025-04-01&to=2025-10-01&asOf=2025-10-01`);
    await page.getByLabel('Entiteit', { exact: true }).selectOption('UKLTD');
    await page.getByRole('button', { name: 'Tonen' }).first().click();
    expect(await page.locator('main').innerText()).toMatch(/55,67 dagen/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'entities-reports');

    await page.getByRole('link', { name: '1 april 2025 tot en met 30 september 2025' }).click();
    expect(await page.locator('h1').innerText()).toBe('Rapport over betaalgedrag (payment practices) van Tijdig UK Ltd');
    const stats = page.getByRole('table', { name: 'Cijfers over betalingen' });
    const row = (question: string) => stats.getByRole('row').filter({ hasText: question });
    expect(await row('Average number of days taken to make payments').locator('td').first().innerText()).toBe('56');
    expect(await row('Percentage of the value of payments made in 61 days or more').locator('td').first().innerText()).toBe('50');
    expect(await page.getByRole('table', { name: 'Beleid en praktijk' }).innerText()).toMatch(/Fair Payment Code/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'entities-uk-pack');
    // Printed: the answers without the form that chose them.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.noprint').isVisible()).toBe(false);
    expect(await stats.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // Another period from the choice on the page: the Ltd's second half-year of 2024/25.
    await page.getByLabel('Rapportageperiode').selectOption('2024-10-01');
    await page.getByRole('button', { name: 'Tonen' }).click();
    expect(await page.locator('main').innerText()).toMatch(/Rapportageperiode 1 oktober 2024 tot en met 31 maart 2025/);

    // The entities page: a file with faults is refused whole, each fault named by line and column.
    await page.goto(`${app.baseUrl}/app/admin`);
    await page.getByRole('link', { name: 'Juridische entiteiten' }).click();
    expect(await page.getByRole('table', { name: 'Entiteiten, de standaardentiteit eerst' }).innerText()).toMatch(/UKLTD\s+Tijdig UK Ltd/);
    await page.getByLabel('Bestand met entiteiten (CSV)').setInputFiles(path.join(FIXTURES, 'entities-bad.csv'));
    await page.getByRole('button', { name: 'Importeren' }).click();
    expect(await page.locator('.error-summary').innerText()).toMatch(/niet geïmporteerd/);
    expect(await page.getByRole('table', { name: 'Wat er mis is in het bestand' }).innerText()).toMatch(/3\s+financialYearStart\s+13-01/);
    expect(await page.getByRole('table', { name: 'Entiteiten, de standaardentiteit eerst' }).innerText()).toMatch(
      /NLBV\s+Tijdig Groep B\.V\./,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'entities-admin');
  });

  it("shows a shared supplier its invoices grouped by entity, each under that entity's law", async () => {
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(statusUrl);
    const captions = await page.locator('table caption').allInnerTexts();
    expect(captions.filter((c) => /^Facturen aan /.test(c))).toEqual([
      expect.stringMatching(/^Facturen aan Tijdig Groep B\.V\./),
      expect.stringMatching(/^Facturen aan Tijdig UK Ltd/),
    ]);
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/Late Payment of Commercial Debts/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'entities-status-page');
    await ctx.close();
  });
});
