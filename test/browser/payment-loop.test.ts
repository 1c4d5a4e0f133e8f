/**
 * From harm to payment in a real browser, as two people: finance proposes a run, drops an invoice,
 * saves it; the drafter is told someone else must approve; an admin approves; finance downloads the
 * SEPA file (checked against the EPC schema) and uploads the bank's statement of that file; the
 * invoices are paid, the run is paid, the supplier's status page says so, and the remittance advice
 * is read back from a real SMTP server. Every page is scanned for accessibility and photographed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { createUser } from '../../src/services/users.ts';
import { useApp } from '../support/app.ts';
import { statementFromPain001, xmllintErrors } from '../support/bank-files.ts';
import { axeViolations, screenshot, skipBrowser, useBrowser } from '../support/browser.ts';
import { useSmtp } from '../support/smtp.ts';
import { FIXTURE_TODAY, importStatusFixtures, makeLink, pathOf } from '../support/status-fixtures.ts';

const ORG_IBAN = ibanOf('NL', 'INGB0001234567');
const PASSWORDS = { 'fien@gemeente.example': 'een lange zin als wachtwoord', 'anne@gemeente.example': 'de beheerder heeft er ook een' };
type Who = keyof typeof PASSWORDS;

describe.skipIf(skipBrowser)('a payment run in a real browser, from proposal to the bank statement', { timeout: 240_000 }, () => {
  const smtp = useSmtp();
  const app = useApp({
    today: FIXTURE_TODAY,
    listen: true,
    // No https PUBLIC_URL: its cookies would be Secure, which a browser on http://127.0.0.1 does not keep.
    env: () => ({ ORG_NAME: 'Gemeente Voorbeeld', ORG_IBAN, SMTP_URL: smtp.url }),
  });
  const b = useBrowser();
  const pages: Partial<Record<Who, Page>> = {};

  beforeAll(async () => {
    await importStatusFixtures(app);
    for (const [email, role] of [
      ['fien@gemeente.example', 'finance'],
      ['anne@gemeente.example', 'admin'],
    ] as const) {
      const made = await createUser(email, role, 'test');
      const ctx = await b.browser.newContext({
        locale: 'nl-NL',
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
        acceptDownloads: true,
      });
      const page = await ctx.newPage();
      await page.goto(`${app.baseUrl}${made.setPasswordPath}`);
      await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(PASSWORDS[email]);
      await page.getByLabel('Hetzelfde wachtwoord nog eens').fill(PASSWORDS[email]);
      await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
      await page.getByRole('status').waitFor();
      await page.goto(`${app.baseUrl}/sign-in`);
      await page.getByLabel('E-mailadres').fill(email);
      await page.getByLabel('Wachtwoord').fill(PASSWORDS[email]);
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      // Signed in, or the page that says why not.
      await page.waitForURL(/\/app$/, { timeout: 10_000 }).catch(async () => {
        throw new Error(`${email}: ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 600)}`);
      });
      pages[email] = page;
    }
  }, 480_000);

  let runUrl = '';
  let pain = '';

  it('proposes a run in the browser, drops an invoice, and saves the draft', async () => {
    const page = pages['fien@gemeente.example'] as Page;
    await page.getByRole('link', { name: 'Betaalruns' }).click();
    expect(await page.locator('h1').innerText()).toBe('Betaalruns');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-payment-runs');
    await page.getByLabel('Budget').fill('100.000,00');
    await page.getByLabel('Betaaldatum').fill(FIXTURE_TODAY);
    await page.getByLabel('Betaal de verschuldigde wettelijke rente en vergoeding ongevraagd mee').check();
    await page.getByRole('button', { name: 'Voorstellen' }).click();
    expect(await page.locator('h1').innerText()).toBe('Een betaalrun in EUR voor 20 november 2025');
    expect(await page.locator('#rules-chart rect').count()).toBe(3);
    expect(await page.locator('main').innerText()).toMatch(/Staal BV: geen IBAN in de stamgegevens/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-payment-run-proposal');
    await page.getByRole('link', { name: 'Factuur DV-7 uit de run weglaten' }).click();
    expect(await page.locator('main').innerText()).toMatch(/1 factuur met de hand weggelaten/);
    expect(await page.locator('table#payments, #payments').count()).toBeGreaterThan(0);
    expect(await page.locator('main').innerText()).not.toMatch(/\bDV-7\b/);
    await page.getByRole('button', { name: 'Als concept bewaren' }).click();
    runUrl = page.url();
    expect(runUrl).toMatch(/\/app\/payment-runs\/[0-9a-f]{24}$/);
    expect(await page.locator('main').innerText()).toMatch(/U hebt deze run opgesteld, dus een ander keurt hem goed \(vier ogen\)/);
    expect(await page.getByRole('button', { name: 'Goedkeuren' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-payment-run-draft');
  });

  it('is approved by the admin, and the SEPA file finance downloads is one the bank takes', async () => {
    const admin = pages['anne@gemeente.example'] as Page;
    await admin.goto(runUrl);
    await admin.getByRole('button', { name: 'Goedkeuren' }).click();
    expect(await admin.locator('main').innerText()).toMatch(/Goedgekeurd\s+1 van 1 goedkeuringen/);
    await screenshot(admin, 'app-payment-run-approved');
    const page = pages['fien@gemeente.example'] as Page;
    await page.goto(runUrl);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'SEPA-bestand downloaden (pain.001)' }).click(),
    ]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sepa-')), download.suggestedFilename());
    await download.saveAs(file);
    pain = fs.readFileSync(file, 'utf8');
    expect(xmllintErrors(pain, 'pain.001.001.09.xsd')).toBe('');
    await page.reload();
    expect(await page.locator('main').innerText()).toMatch(/Naar de bank/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-payment-run-exported');
  });

  it('reads the bank statement back: invoices paid, the run paid, the supplier told and shown the interest', async () => {
    const page = pages['fien@gemeente.example'] as Page;
    const statement = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'camt-')), 'afschrift.xml');
    fs.writeFileSync(statement, statementFromPain001(pain, { iban: ORG_IBAN, statementId: 'BROWSER-1', bookingDate: FIXTURE_TODAY }));
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByLabel('Afschriftbestand (XML)').setInputFiles(statement);
    await page.getByRole('button', { name: 'Afschrift importeren' }).click();
    expect(await page.locator('h1').innerText()).toBe('Bankafschrift BROWSER-1');
    expect(await page.locator('main').innerText()).toMatch(/Om na te kijken\s+0/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-bank-statement');
    await page.goto(runUrl);
    expect(await page.locator('.badge').first().innerText()).toBe('Betaald');
    expect(await page.locator('main').innerText()).toMatch(/geboekt 20 nov 2025/);

    const [mail] = await smtp.waitFor(1, 60_000);
    expect(mail.rcpt).toEqual(['info@jansen.nl']);
    expect(mail.subject).toBe('Betaling van Gemeente Voorbeeld op 20 november 2025');
    const link = /https?:\/\/[^/\s]+(\/s\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeTruthy();
    const supplier = await (await b.browser.newContext({ locale: 'nl-NL', bypassCSP: true })).newPage();
    await supplier.goto(`${app.baseUrl}${link}`);
    const text = await supplier.locator('main').innerText();
    expect(text).toMatch(/Met onze betaling van 20 november 2025 betaalden wij u ongevraagd €\s57,17 wettelijke rente en vergoeding/);
    expect(await axeViolations(supplier)).toEqual([]);
    await screenshot(supplier, 'status-page-interest-paid');
    // A link made by finance shows the same: the page reads the run, not the mail.
    const own = await makeLink(app, 'LEV001');
    await supplier.goto(`${app.baseUrl}${pathOf(own.url)}`);
    expect(await supplier.locator('main').innerText()).toMatch(/betaalden wij u ongevraagd/);
  });
});
