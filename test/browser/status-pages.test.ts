/**
 * The supplier's pages in a real browser (Debian chromium): open a link, read the figures, switch
 * language, download the CSV, send a question, another supplier's link in a fresh context, scripts
 * off, and an accessibility scan of every page a supplier can reach. Screenshots: test-artifacts/.
 */
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, useApp } from '../support/app.ts';
import { axeViolations, screenshot, skipBrowser, useBrowser } from '../support/browser.ts';
import { FIXTURE_TODAY, importStatusFixtures, makeLink } from '../support/status-fixtures.ts';

describe.skipIf(skipBrowser)('the supplier status page in a real browser', { timeout: 180_000 }, () => {
  const app = useApp({ today: FIXTURE_TODAY, listen: true, env: { ORG_NAME: 'Gemeente Voorbeeld', PUBLIC_PAYMENT_PRACTICES: 'true' } });
  const b = useBrowser();
  let jansen: string;
  let staal: string;
  let devries: string;
  let ctx: BrowserContext;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    await importStatusFixtures(app);
    jansen = `${app.baseUrl}${new URL((await makeLink(app, 'LEV001')).url).pathname}`;
    staal = `${app.baseUrl}${new URL((await makeLink(app, 'LEV002')).url).pathname}`;
    devries = `${app.baseUrl}${new URL((await makeLink(app, 'LEV003')).url).pathname}`;
    ctx = await b.browser.newContext({ locale: 'nl-NL', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    ctx.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) cspErrors.push(m.text());
    });
  }, 240_000);
  afterAll(async () => {
    await ctx?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await ctx.newPage();
    const r = await page.goto(url);
    expect(r?.status()).toBe(200);
    return page;
  }

  it('shows the supplier its invoices and figures in Dutch, with the chart drawn and no CSP violation', async () => {
    const page = await open(jansen);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').innerText()).toBe('Facturen van Bakkerij Jansen bij Gemeente Voorbeeld');
    const row = page.locator('table.invoices tr', { hasText: 'J-101' });
    expect(await row.innerText()).toMatch(/€\s1\.234,56[\s\S]*50 dagen te laat[\s\S]*€\s17,17[\s\S]*10,15%/);
    expect(await page.locator('svg.chart rect').count()).toBe(3);
    expect(await page.locator('link[rel=stylesheet]').evaluate((l) => (l as HTMLLinkElement).sheet !== null)).toBe(true);
    await screenshot(page, 'status-nl');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'status-nl-narrow');
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('switches to English by the language link and remembers the choice', async () => {
    const page = await open(jansen);
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').innerText()).toBe('Invoices of Bakkerij Jansen at Gemeente Voorbeeld');
    expect(await page.locator('table.invoices tr', { hasText: 'J-101' }).innerText()).toMatch(
      /€1,234\.56[\s\S]*50 days overdue[\s\S]*€17\.17/,
    );
    await screenshot(page, 'status-en');
    await page.goto(jansen);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Nederlands' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.close();
  });

  it('downloads the invoice list as CSV', async () => {
    const page = await open(jansen);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe(`invoices-LEV001-${FIXTURE_TODAY}.csv`);
    const csv = fs.readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^invoiceNumber,invoiceDate,amount,currency/);
    expect(csv).toContain('J-101,2025-09-01,1234.56,EUR,1234.56,2025-10-01,received');
    expect(csv).toContain("'=SUM(A1)");
    await page.close();
  });

  it('sends a question through the form and confirms it; finance sees it', async () => {
    const page = await open(jansen);
    await page.getByLabel('Factuurnummer').fill('J-101');
    await page.getByLabel('Uw bericht').fill('Wanneer wordt J-101 betaald?');
    await page.getByRole('button', { name: 'Versturen' }).click();
    expect(await page.getByRole('status').innerText()).toMatch(/Uw bericht is naar financiën en inkoop gestuurd/);
    await screenshot(page, 'status-sent');
    const inbox = await app.http.get('/api/v1/supplier-messages?open=true').set(bearer(app.tokens.procurement)).expect(200);
    expect(inbox.body.messages).toEqual([
      expect.objectContaining({ supplierId: 'LEV001', invoiceNumber: 'J-101', message: 'Wanneer wordt J-101 betaald?' }),
    ]);
    await page.close();
  });

  it('shows form errors in a summary that links to each field, and keeps what was typed', async () => {
    const page = await open(jansen);
    await page.getByLabel('Factuurdatum').fill('31-02-2025');
    await page.getByRole('button', { name: 'Versturen' }).click();
    expect(await page.title()).toMatch(/^Fout: /);
    const summary = page.locator('.error-summary');
    expect(await summary.innerText()).toMatch(/Vul de factuurdatum in als een bestaande datum[\s\S]*Vul uw bericht in/);
    expect(await page.getByLabel('Factuurdatum').inputValue()).toBe('31-02-2025');
    await summary.getByRole('link', { name: /Vul uw bericht in/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
    await screenshot(page, 'status-form-error');
    await page.close();
  });

  it("opens another supplier's link in a fresh context and sees only that supplier's data", async () => {
    const other = await b.browser.newContext({ locale: 'en-GB' });
    const page = await other.newPage();
    await page.goto(staal);
    const text = await page.locator('main').innerText();
    expect(text).toContain('S-SECRET-900');
    expect(text).toMatch(/longer than the law normally allows/);
    for (const foreign of ['J-101', 'J-102', 'Bakkerij Jansen', 'DV-7']) expect(text).not.toContain(foreign);
    await screenshot(page, 'status-other-supplier-en');
    await page.goto(devries);
    expect(await page.locator('main').innerText()).toMatch(/at most 30 days with a Dutch small or medium-sized supplier/);
    await other.close();
  });

  it('works with JavaScript disabled: the page, the language switch and the form', async () => {
    const noJs = await b.browser.newContext({ javaScriptEnabled: false, locale: 'nl-NL' });
    const page = await noJs.newPage();
    await page.goto(jansen);
    expect(await page.locator('table.invoices tbody tr').count()).toBe(10);
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Your message').fill('Sent without scripts');
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.getByRole('status').innerText()).toMatch(/Your message has been sent/);
    await screenshot(page, 'status-no-js');
    await noJs.close();
  });

  it('passes an accessibility scan (no serious or critical violations) on every page a supplier can reach', async () => {
    const scan = await b.browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
    const page = await scan.newPage();
    const pages: Array<[string, string]> = [
      ['status', jansen],
      ['status-legal-limit', staal],
      ['lookup', `${app.baseUrl}/lookup`],
      ['payment-practices', `${app.baseUrl}/payment-practices`],
      ['not-found', `${app.baseUrl}/s/${'x'.repeat(32)}`],
    ];
    for (const [name, url] of pages) {
      await page.goto(url);
      expect(await axeViolations(page), name).toEqual([]);
      await screenshot(page, `axe-${name}`);
    }
    // The look-up with a result and with errors.
    await page.goto(`${app.baseUrl}/lookup`);
    await page.getByLabel('Factuurnummer').fill('J-103');
    await page.getByLabel('Factuurdatum').fill('01-11-2025');
    await page.getByLabel('Bedrag').fill('450,00');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    expect(await page.locator('.result').innerText()).toMatch(
      /Factuur J-103[\s\S]*Goedgekeurd[\s\S]*1 december 2025[\s\S]*11 december 2025 \(schatting\)/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'lookup-result');
    await page.getByLabel('Bedrag').fill('');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'lookup-error');
    await scan.close();
  });
});
