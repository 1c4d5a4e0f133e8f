/**
 * A newcomer's first hour in a real browser, against `tijdig start all` on a fresh data directory,
 * as the README tells it: the front page, the first admin from the link printed at start, sample data
 * from the empty overview, the overview, the ranking, a supplier, the alerts page. Every page is
 * scanned for accessibility; the README's pictures are saved in docs/images/ (the rest in
 * test-artifacts/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, readmePicture, screenshot, skipBrowser, useBrowser } from '../support/browser.ts';
import { useRedis } from '../support/redis.ts';
import { spawnTs, waitForJsonLine } from '../support/spawn.ts';

describe.skipIf(skipBrowser)('a newcomer’s first hour in a real browser', { timeout: 240_000 }, () => {
  const redis = useRedis();
  const b = useBrowser();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-first-hour-'));
  let child: ReturnType<typeof spawnTs>;
  let base = '';
  let stderr = '';

  beforeAll(async () => {
    child = spawnTs(
      'src/cli/main.ts',
      ['start', 'all'],
      { TIJDIG_DATA_DIR: dataDir, PORT: '0', REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, MONGODB_URI: '', ORG_NAME: '' },
      { hostsDatabase: true },
    );
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    base = await waitForJsonLine(child, (v) => (v.msg === 'tijdig API listening' ? String(v.url) : undefined), 60_000);
  }, 90_000);
  afterAll(async () => {
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('walks from the front page to the alerts of a sample organisation', async () => {
    // The link to set up the first admin is printed once the API listens.
    for (let i = 0; i < 100 && !/\/setup\//.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    const link = /(http:\/\/\S+\/setup\/[A-Za-z0-9_-]{32})/.exec(stderr)?.[1];
    expect(link, stderr).toBeDefined();

    const ctx = await b.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 }, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(base);
    expect(await page.locator('h1').innerText()).toBe('Paying suppliers on time');
    expect(await page.locator('main').innerText()).toMatch(/tijdig has no users yet/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'first-hour-front');

    await page.goto(link as string);
    expect(await page.locator('h1').innerText()).toBe('Set up the first administrator');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Your e-mail address').fill('anne@example.org');
    await page.getByLabel('New password', { exact: true }).fill('a sentence as a password');
    await page.getByLabel('The same password again').fill('a sentence as a password');
    await screenshot(page, 'first-hour-setup');
    await page.getByRole('button', { name: 'Become administrator' }).click();
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await page.locator('main').innerText()).toMatch(/Nothing here yet/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'first-hour-empty');

    await page.getByRole('button', { name: 'Load sample data' }).click();
    expect(await page.getByRole('status').innerText()).toMatch(/Sample data is loaded/);
    expect(await page.locator('.sample-banner').innerText()).toMatch(/Sample data/);
    expect(await page.locator('.levels li').count()).toBe(4);
    expect(await page.locator('main').innerText()).toMatch(/Not due yet[\s\S]*Overdue[\s\S]*Credit notes \(open\)[\s\S]*Outstanding/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'first-hour-overview');
    await page.goto(`${base}/app?lang=en`);
    await readmePicture(page, 'overview');

    await page.getByRole('link', { name: 'Suppliers', exact: true }).click();
    expect(await page.locator('table.ranking tbody tr').count()).toBe(50);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'first-hour-ranking');
    await page.locator('table.ranking tbody tr').first().getByRole('link').first().click();
    expect(await page.locator('h2#figures').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby="figures"]').innerText()).toMatch(/Harm score\s+Critical/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'first-hour-supplier');
    await readmePicture(page, 'supplier');

    // The alerts open as the worker evaluates what the sample's recompute found.
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    for (let i = 0; i < 60 && (await page.locator('ol.supplier-alerts > li').count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    const rows = page.locator('ol.supplier-alerts > li');
    expect(await rows.count()).toBe(20);
    expect(await rows.first().locator('.badge').first().innerText()).toBe('Harm: critical');
    expect(await rows.first().locator('.actions a').first().innerText()).toMatch(
      /Schedule payment|Approve the invoices|Contact the supplier/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'first-hour-alerts');
    await readmePicture(page, 'alerts');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'first-hour-alerts-narrow');
    await ctx.close();
  });
});
