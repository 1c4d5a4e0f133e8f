/**
 * An identity provider that misbehaves: a real OpenID provider behind a proxy that changes the ID token
 * of its token responses. The same sign-in goes through untouched, and is refused with a page and an
 * audit record when the ID token is signed by another key, made out to another client, from another
 * issuer, or expired.
 */
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/redis-server.ts';
import { bearer, useApp } from '../support/app.ts';
import { skipBrowser, useBrowser } from '../support/browser.ts';
import { startOidcProvider, startTamperingProxy, type TestProvider } from '../support/oidc-provider.ts';

type Tamper = 'none' | 'signature' | 'audience' | 'issuer' | 'expired';

describe.skipIf(skipBrowser)('an ID token that does not check out', { timeout: 240_000 }, () => {
  let provider: TestProvider;
  let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;
  let port = 0;
  let mode: Tamper = 'none';
  beforeAll(async () => {
    port = await freePort();
    const right = await generateKeyPair('RS256', { extractable: true });
    const wrong = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(right.privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    proxy = await startTamperingProxy(
      () => provider.listening,
      async (idToken) => {
        if (mode === 'none') return idToken;
        const claims = { ...decodeJwt(idToken) };
        const header = decodeProtectedHeader(idToken);
        const now = Math.floor(Date.now() / 1000);
        if (mode === 'audience') claims.aud = 'another-client';
        if (mode === 'issuer') claims.iss = 'http://127.0.0.1:1/another-issuer';
        if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: header.kid as string })
          .sign(mode === 'signature' ? wrong.privateKey : right.privateKey);
      },
    );
    provider = await startOidcProvider(
      `http://127.0.0.1:${port}`,
      { fien: { email: 'fien@gemeente.example', groups: ['finance'] } },
      { issuer: proxy.url, jwks: { keys: [jwk] } },
    );
  });
  afterAll(async () => {
    await proxy?.close();
    await provider?.close();
  });
  const app = useApp({
    listen: true,
    port: () => port,
    env: () => ({
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER: proxy.url,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Gemeente-account',
    }),
  });
  const b = useBrowser();

  async function signIn(): Promise<Page> {
    const ctx = await b.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Aanmelden met Gemeente-account' }).click();
    await page.locator('input[name="login"]').fill('fien');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: /continue/i }).click();
    await page.waitForURL((u) => u.href.startsWith(app.baseUrl) && !u.pathname.startsWith('/sign-in/oidc?'));
    return page;
  }

  it('signs in through the proxy when nothing is changed', async () => {
    mode = 'none';
    const page = await signIn();
    await page.waitForURL(`${app.baseUrl}/app`);
  });

  for (const [tamper, what, claim] of [
    ['signature', 'signed with another key', /invalid response/],
    ['audience', 'made out to another client', /claim aud/],
    ['issuer', 'from another issuer', /claim iss/],
    ['expired', 'that has expired', /claim exp/],
  ] as const)
    it(`refuses an ID token ${what}`, async () => {
      mode = tamper;
      const page = await signIn();
      await page.waitForURL(/\/sign-in\/oidc\/callback/).catch(async (e) => {
        throw new Error(`${page.url()}: ${(await page.locator('body').innerText()).slice(0, 300)} ${e}`);
      });
      expect(await page.locator('main').innerText()).toMatch(
        /De aanmelding van uw organisatie gaf een antwoord dat tijdig niet kan aannemen/,
      );
      expect((await page.goto(`${app.baseUrl}/app`))?.url()).toMatch(/\/sign-in\?next=/);
      await expect
        .poll(
          async () =>
            (await app.http.get('/api/v1/audit?action=sign-in%20failed&limit=1').set(bearer(app.tokens.admin))).body.items[0]?.after
              ?.reason,
        )
        .toMatch(claim);
    });
});
