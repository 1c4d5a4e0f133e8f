/**
 * With LOCAL_PASSWORDS=false only the identity provider signs people in: the sign-in page offers it
 * alone and a password is refused; a provider that does not answer is said so. The configuration
 * refuses what could lock everyone out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { freePort } from '../../src/runtime/redis-server.ts';
import { createUser } from '../../src/services/users.ts';
import { useApp } from '../support/app.ts';
import { setPasswordFor, TEST_PASSWORD, textOf } from '../support/forms.ts';

describe('identity provider only', () => {
  let port = 0;
  beforeAll(async () => {
    // A port nothing listens on: the provider "does not answer".
    port = await freePort();
  });
  const app = useApp({
    env: () => ({
      OIDC_ISSUER: `http://127.0.0.1:${port}`,
      OIDC_CLIENT_ID: 'tijdig',
      LOCAL_PASSWORDS: 'false',
      OIDC_NAME: 'Gemeente-account',
    }),
  });

  it('offers only the provider, refuses a password, and says when the provider does not answer', async () => {
    const made = await createUser('fien@example.org', 'finance', 'test');
    await setPasswordFor(app.http, made.setPasswordPath);
    const page = await app.http.get('/sign-in').expect(200);
    expect(page.text).toMatch(/<a class="button" href="\/sign-in\/oidc\?next=%2Fapp">Aanmelden met Gemeente-account<\/a>/);
    expect(page.text).not.toMatch(/type="password"/);
    expect(textOf(page.text)).toMatch(/Aanmelden met een wachtwoord staat hier uit/);
    const r = await app.http.post('/sign-in').type('form').send({ email: 'fien@example.org', password: TEST_PASSWORD });
    expect(r.status).toBe(403);
    expect(textOf(r.text)).toMatch(/Aanmelden met een wachtwoord staat hier uit/);
    expect(([] as string[]).concat(r.headers['set-cookie'] ?? []).some((c) => c.startsWith('tijdig.sid='))).toBe(false);
    const down = await app.http.get('/sign-in/oidc').expect(503);
    expect(textOf(down.text)).toMatch(/De aanmelding van uw organisatie antwoordt nu niet/);
  });

  it('refuses a configuration that would lock everyone out', () => {
    expect(() => loadConfig({ LOCAL_PASSWORDS: 'false' })).toThrow(/LOCAL_PASSWORDS: false needs OIDC_ISSUER/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.org' })).toThrow(/OIDC_CLIENT_ID: required with OIDC_ISSUER/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.org', OIDC_CLIENT_ID: 'x', OIDC_ROLE_MAP: 'staff=boss' })).toThrow(
      /OIDC_ROLE_MAP/,
    );
  });
});
