/**
 * A real browser for page tests: Debian's chromium driven by playwright-core (no browser download).
 * Screenshots go to test-artifacts/screenshots/ (ignored by git). Locally, without chromium, browser
 * tests skip; on CI (.ci/run installs chromium) they must run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from './spawn.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = fs.existsSync(CHROMIUM);
/** Skip only where chromium is missing and this is not CI. */
export const skipBrowser = !haveChromium && !process.env.CI;

export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

export function useBrowser(): { browser: Browser } {
  const ctx = {} as { browser: Browser };
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    await ctx.browser?.close();
  });
  return ctx;
}

/** A picture for the README and docs/ (docs/images/, kept in git): what a person sees first, at a desktop's size. */
export async function readmePicture(page: Page, name: string): Promise<void> {
  const images = path.join(ROOT, 'docs', 'images');
  fs.mkdirSync(images, { recursive: true });
  await page.screenshot({ path: path.join(images, `${name}.png`) });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core on the page for WCAG 2.x A/AA (2.2 included) and returns serious and critical
 * violations. The page's context must bypass CSP (axe is injected as an inline script).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time.
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
  })) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A Dutch-speaking user of this role, signed in through the pages (one-time link, password, sign-in),
 * in a context of its own that bypasses CSP (axe is injected).
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  user: { email: string; setPasswordPath: string },
  password = 'een lange zin als wachtwoord',
): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${baseUrl}${user.setPasswordPath}`);
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(password);
  await page.getByLabel('Hetzelfde wachtwoord nog eens').fill(password);
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  await page.getByRole('status').waitFor();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/app$/);
  return page;
}
