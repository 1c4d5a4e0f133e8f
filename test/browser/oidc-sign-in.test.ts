/**
 * Sign-in through the organisation's identity provider, end to end in a real browser against a real
 * OpenID provider started here: a first sign-in makes the user with the role its groups map to; an
 * account without a mapped role, and a disabled user, are refused; a callback replayed, with a
 * foreign state or an altered code is refused; signing out ends the provider's session too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/redis-server.ts';
import { flushAudit } from '../../src/services/audit.ts';
import { disableUser } from '../../src/services/users.ts';
import { bearer, useApp } from '../support/app.ts';
import { axeViolations, screenshot, skipBrowser, useBrowser } from '../support/browser.ts';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';

describe.skipIf(skipBrowser)('sign-in through the identity provider', { timeout: 240_000 }, () => {
  let provider: TestProvider;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    provider = await startOidcProvider(`http://127.0.0.1:${port}`, {
      fien: { email: 'Fien@Gemeente.example', groups: ['staff', 'tijdig-finance'] },
      boss: { email: 'boss@gemeente.example', groups: ['tijdig-finance', 'tijdig-admins'] },
      piet: { email: 'piet@gemeente.example', groups: ['staff'] },
      anne: { email: 'anne@gemeente.example', groups: ['tijdig-finance'] },
    });
  });
  afterAll(async () => provider?.close());
  const app = useApp({
    listen: true,
    port: () => port,
    env: () => ({
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_ROLE_MAP: 'tijdig-finance=finance,tijdig-admins=admin,tijdig-inkoop=procurement',
      OIDC_NAME: 'Gemeente-account',
    }),
  });
  const b = useBrowser();

  async function fresh(): Promise<Page> {
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    return ctx.newPage();
  }
  /** Through the provider's own login and consent pages, as the given account. */
  async function atProvider(page: Page, login: string) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: /continue/i }).click();
  }
  const callbacks: string[] = [];
  async function signIn(page: Page, login: string) {
    page.on('request', (r) => {
      if (r.url().includes('/sign-in/oidc/callback')) callbacks.push(r.url());
    });
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Aanmelden met Gemeente-account' }).click();
    await atProvider(page, login);
  }

  it('makes the user on a first sign-in, with the role its groups map to, and signs out there too', async () => {
    const page = await fresh();
    await page.goto(`${app.baseUrl}/sign-in`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-with-provider');
    await signIn(page, 'fien');
    await page.waitForURL(`${app.baseUrl}/app`);
    expect(await page.locator('form.sign-out').innerText()).toMatch(/fien@gemeente\.example/);
    await page.goto(`${app.baseUrl}/app/account`);
    expect(await page.locator('main').innerText()).toMatch(/Aangemeld als fien@gemeente\.example, financiën/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'app-account');

    // The strongest role among the groups.
    const boss = await fresh();
    await signIn(boss, 'boss');
    await boss.waitForURL(`${app.baseUrl}/app`);
    await boss.goto(`${app.baseUrl}/app/admin`);
    expect(await boss.locator('h1').innerText()).toBe('Beheer');
    // The audit trail holds both sign-ins (an admin's page).
    await flushAudit();
    await boss.goto(`${app.baseUrl}/app/admin/audit`);
    expect(await boss.locator('main').innerText()).toMatch(
      /sign-in \(identity provider; user created\)\s+fien@gemeente\.example\s+— → \{"role":"finance"\}/,
    );
    expect(await axeViolations(boss)).toEqual([]);
    await screenshot(boss, 'app-admin-audit');

    // Signing out ends the provider's session too (it asks first), then back at tijdig.
    await page.getByRole('button', { name: 'Afmelden', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    await page.getByRole('button', { name: /yes|sign me out/i }).click();
    await page.waitForURL(`${app.baseUrl}/sign-in?done=out`);
    // Signing in again asks for the provider's login again.
    await page.getByRole('link', { name: 'Aanmelden met Gemeente-account' }).click();
    await page.locator('input[name="login"]').waitFor();

    await flushAudit();
    const trail = await app.http.get('/api/v1/audit?action=identity%20provider').set(bearer(app.tokens.admin)).expect(200);
    expect(trail.body.items.map((r: { action: string; target: string }) => `${r.action} ${r.target}`)).toEqual(
      expect.arrayContaining([
        'sign-in (identity provider; user created) fien@gemeente.example',
        'sign-in (identity provider; user created) boss@gemeente.example',
      ]),
    );
  });

  it('refuses an account without a tijdig role, and a disabled user', async () => {
    const piet = await fresh();
    await signIn(piet, 'piet');
    await piet.waitForURL(/\/sign-in\/oidc\/callback/);
    expect(await piet.locator('main').innerText()).toMatch(/Uw account heeft geen rol in tijdig/);
    expect(await axeViolations(piet)).toEqual([]);
    await screenshot(piet, 'sign-in-refused');
    expect(
      (await app.http.get('/app').set('Cookie', (await piet.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '))).status,
    ).toBe(303);

    const anne = await fresh();
    await signIn(anne, 'anne');
    await anne.waitForURL(`${app.baseUrl}/app`);
    await disableUser('anne@gemeente.example');
    const again = await fresh();
    await signIn(again, 'anne');
    await again.waitForURL(/\/sign-in\/oidc\/callback/);
    expect(await again.locator('main').innerText()).toMatch(/Uw tijdig-account is uitgeschakeld/);
  });

  it('refuses a replayed callback, a foreign state and an altered code', async () => {
    const page = await fresh();
    callbacks.length = 0;
    await signIn(page, 'fien');
    await page.waitForURL(`${app.baseUrl}/app`).catch(async (e) => {
      throw new Error(`${page.url()}: ${(await page.locator('body').innerText()).slice(0, 400)} ${e}`);
    });
    const used = callbacks.at(-1) as string;
    // Replayed in the same browser: the sign-in it finished is gone.
    await page.goto(used);
    expect(await page.locator('main').innerText()).toMatch(/Deze aanmelding is hier niet begonnen, is al gebruikt of duurde te lang/);
    // Replayed in another browser: nothing was started there.
    const other = await fresh();
    await other.goto(used);
    expect(await other.locator('main').innerText()).toMatch(/niet begonnen/);

    for (const [what, alter] of [
      ['state', (u: URL) => u.searchParams.set('state', 'a-state-from-somewhere-else')],
      ['code', (u: URL) => u.searchParams.set('code', `${u.searchParams.get('code')}x`)],
    ] as const) {
      // The provider's answer is held back and sent on altered, in the browser that started the sign-in.
      const victim = await fresh();
      let answer = '';
      // After the consent, the provider's redirects are followed here instead of in the browser, up
      // to the one to tijdig's callback, which is taken off it (the browser only sees "held back").
      await victim.route(`${provider.issuer}/interaction/**`, async (route) => {
        const consent = route.request().method() === 'POST' && (route.request().postData() ?? '').includes('prompt=consent');
        if (!consent) return route.continue();
        let response = await route.fetch({ maxRedirects: 0 });
        let location = new URL(response.headers().location ?? '', route.request().url()).href;
        for (let hop = 0; location.startsWith(provider.issuer) && hop < 5; hop++) {
          response = await victim.context().request.get(location, { maxRedirects: 0 });
          location = new URL(response.headers().location ?? '', location).href;
        }
        answer = location;
        return route.fulfill({ status: 200, contentType: 'text/plain', body: 'held back' });
      });
      await signIn(victim, 'fien');
      await expect.poll(() => answer).not.toBe('');
      await victim.unroute(`${provider.issuer}/interaction/**`);
      const u = new URL(answer);
      alter(u);
      await victim.goto(u.href);
      const text = await victim.locator('main').innerText();
      expect(text, what).toMatch(/De aanmelding van uw organisatie gaf een antwoord dat tijdig niet kan aannemen/);
      expect(
        (await victim.context().cookies()).some((c) => c.name === 'tijdig.sid') && (await victim.goto(`${app.baseUrl}/app`))?.url(),
        what,
      ).toMatch(/\/sign-in\?next=/);
    }
    await flushAudit();
    const refusals = await app.http.get('/api/v1/audit?action=sign-in%20failed').set(bearer(app.tokens.admin)).expect(200);
    expect(refusals.body.items.length).toBeGreaterThanOrEqual(5);
  });
});
