/**
 * An export tijdig does not know, in a real browser: uploaded, its columns matched with the choices
 * (the preview following each choice, with the row it would reject and why), imported and saved as a
 * profile; the next file with the same columns imports without the step. Pages scanned and photographed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { useApp } from '../support/app.ts';
import { axeViolations, readmePicture, screenshot, signedInPage, skipBrowser, useBrowser } from '../support/browser.ts';
import { ROOT } from '../support/spawn.ts';
import { FIXTURE_TODAY, importStatusFixtures } from '../support/status-fixtures.ts';

const HEADER = 'Lev;Nummer;Datum;Te betalen op;Totaal;Munt';

function csv(name: string, lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test-artifacts', 'upload-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
  return file;
}

describe.skipIf(skipBrowser)('matching an unknown export by sight in a real browser', { timeout: 240_000 }, () => {
  const app = useApp({ today: FIXTURE_TODAY, listen: true });
  const b = useBrowser();
  let page: Page;

  beforeAll(async () => {
    await importStatusFixtures(app);
    page = await signedInPage(b.browser, app.baseUrl, {
      email: 'fien@gemeente.example',
      ...(await createUser('fien@gemeente.example', 'finance', 'test')),
    });
  }, 480_000);

  async function upload(file: string) {
    await page.goto(`${app.baseUrl}/app/imports`);
    await page.getByLabel('CSV- of Excel-bestand').setInputFiles(file);
    await page.getByRole('button', { name: 'Uploaden en importeren' }).click();
  }
  const waitDone = () =>
    page.waitForFunction(() => document.querySelector('#import-status')?.textContent === 'Klaar', null, { timeout: 60_000 });

  it('asks for the columns, previews the rows as each is chosen, and imports with the profile saved', async () => {
    await upload(
      csv('export-september.csv', [
        'LEV001;U-1;01-09-2025;01-10-2025;1.234,56;EUR',
        'LEV003;U-2;13-09-2025;13-10-2025;250,00;EUR',
        'LEV003;U-3;32-09-2025;13-10-2025;9,00;EUR',
      ]),
    );
    await page.waitForURL(/\/app\/imports\/[0-9a-f]{24}\/columns$/);
    expect(await page.locator('h1').innerText()).toBe('De kolommen van export-september.csv koppelen');
    expect(await page.locator('#preview').innerText()).toMatch(/verschijnt zodra elk verplicht gegeven een kolom heeft/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-import-columns');

    // Each field offers the file's columns; the person picks by the column's name.
    const choose = async (field: string, column: string) => {
      const select = page.locator(`#f-${field}`);
      const value = await select.locator('option', { hasText: column }).first().getAttribute('value');
      await select.selectOption(value as string);
    };
    await choose('supplierId', 'Lev');
    await choose('invoiceNumber', 'Nummer');
    await choose('issueDate', 'Datum');
    await choose('dueDate', 'Te betalen op');
    await choose('amount', 'Totaal');
    // With JavaScript the preview follows the choices without a button.
    await page.locator('#preview table').waitFor({ timeout: 10_000 });
    // The messages beside the fields now chosen are gone with the summary.
    await page.locator('#f-supplierId-error').waitFor({ state: 'detached' });
    expect(await page.locator('.field-error').count()).toBe(0);
    const preview = await page.locator('#preview').innerText();
    expect(preview).toMatch(/U-1[\s\S]*Geïmporteerd/);
    expect(preview).toMatch(/U-3[^\n]*32-09-2025[^\n]*Afgewezen: Datum: deze datum bestaat niet/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-import-columns-preview');
    await page.locator('#preview').scrollIntoViewIfNeeded();
    await readmePicture(page, 'import-columns');

    // Two fields on one column: said next to the field and in the summary, and nothing imported.
    await choose('currency', 'Totaal');
    await page.getByRole('button', { name: 'Profiel bewaren en importeren' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toMatch(/De kolom Totaal is gekozen voor/);
    expect(await axeViolations(page)).toEqual([]);

    await choose('currency', 'Munt');
    await page.getByLabel('Deze keuzes bewaren als importprofiel').fill('ERP van de gemeente');
    await page.getByRole('button', { name: 'Profiel bewaren en importeren' }).click();
    await page.waitForURL(/\/app\/imports\/[0-9a-f]{24}$/);
    await waitDone();
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/Nieuw\s+2\b[\s\S]*Afgewezen\s+1\b/);
    expect(main).toMatch(/Gelezen met importprofiel ERP van de gemeente/);
  });

  it('imports the next file with the same columns without asking', async () => {
    await upload(csv('export-oktober.csv', ['LEV001;U-4;02-10-2025;01-11-2025;10,00;EUR']));
    await page.waitForURL(/\/app\/imports\/[0-9a-f]{24}$/);
    await waitDone();
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/Nieuw\s+1\b/);
    expect(main).toMatch(/Gelezen met importprofiel ERP van de gemeente, gekozen op de kolommen/);
    await screenshot(page, 'app-import-with-profile');

    await page.getByRole('link', { name: 'Importprofielen' }).click();
    expect(await page.locator('main').innerText()).toMatch(/ERP van de gemeente/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-import-profiles');
  });
});
