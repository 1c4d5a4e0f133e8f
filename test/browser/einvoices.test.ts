/**
 * E-invoices in a real browser: a zip of UBL and CII documents uploaded on the imports page, imported,
 * and seen on the suppliers' pages: the bakery found by its VAT number, the new suppliers made from
 * what their documents say. Pages scanned and photographed.
 */

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { useApp } from '../support/app.ts';
import { axeViolations, screenshot, signedInPage, skipBrowser, useBrowser } from '../support/browser.ts';
import { einvoice, importSuppliersWithVat } from '../support/einvoices.ts';
import { ROOT } from '../support/spawn.ts';
import { FIXTURE_TODAY } from '../support/status-fixtures.ts';
import { zipOf } from '../support/zip.ts';

describe.skipIf(skipBrowser)('e-invoices uploaded in a real browser', { timeout: 240_000 }, () => {
  const app = useApp({ today: FIXTURE_TODAY, listen: true });
  const b = useBrowser();
  let page: Page;

  beforeAll(async () => {
    await importSuppliersWithVat(app);
    page = await signedInPage(b.browser, app.baseUrl, {
      email: 'fien@gemeente.example',
      ...(await createUser('fien@gemeente.example', 'finance', 'test')),
    });
  }, 480_000);

  it('imports a zip of e-invoices and shows them on the suppliers they belong to', async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test-artifacts', 'upload-'));
    const file = path.join(dir, 'peppol-september.zip');
    fs.writeFileSync(
      file,
      await zipOf(
        ['ubl-invoice-nl.xml', 'ubl-creditnote-nl.xml', 'cii-invoice-uk.xml', 'cii-creditnote-de.xml'].map((n) => [n, einvoice(n)]),
      ),
    );
    await page.goto(`${app.baseUrl}/app/imports`);
    await page.getByLabel('CSV- of Excel-bestand').setInputFiles(file);
    await page.getByRole('button', { name: 'Uploaden en importeren' }).click();
    await page.waitForURL(/\/app\/imports\/[0-9a-f]{24}$/);
    await page.waitForFunction(() => document.querySelector('#import-status')?.textContent === 'Klaar', null, { timeout: 60_000 });
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/Nieuw\s+4\b[\s\S]*Afgewezen\s+0\b/);
    expect(main).toMatch(/suppliers found by VAT number 2, registration number 0, Peppol address 0, IBAN 0; new 2/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-import-einvoices');

    // The bakery, found by its VAT number: the invoice and the credit note that corrects it.
    await page.goto(`${app.baseUrl}/app/suppliers/LEV001`);
    const bakery = await page.locator('main').innerText();
    expect(bakery).toMatch(/JV-2025-0417/);
    expect(bakery).toMatch(/JV-2025-C012/);
    expect(bakery).toMatch(/Btw-nummer\s+NL001234567B01/);

    // A supplier tijdig did not know, made from its e-invoice.
    await page.goto(`${app.baseUrl}/app/suppliers/GB123456789`);
    expect(await page.locator('h1').innerText()).toBe('Sheffield Works Ltd');
    const uk = await page.locator('main').innerText();
    expect(uk).toMatch(/SW-10077/);
    expect(uk).toMatch(/Peppol-adres\s+9932:gb123456789/);
    expect(uk).toMatch(/IBAN\s+GB33BUKB20201555555555/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-supplier-from-einvoice');
  });
});
