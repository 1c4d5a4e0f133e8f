/**
 * Sessions: a user sees where they are signed in and signs out everywhere; an admin does that for a
 * user; a session ends SESSION_MAX_HOURS after sign-in however much it is used.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { useApp } from '../support/app.ts';
import { csrfOf, setPasswordFor, signInCookie, textOf } from '../support/forms.ts';

function sessionsOf(app: ReturnType<typeof useApp>) {
  async function setUp(email: string, role: 'admin' | 'finance') {
    const made = await createUser(email, role, 'test');
    await setPasswordFor(app.http, made.setPasswordPath);
    return String(made.user._id);
  }
  const signIn = (email: string, agent = 'test-browser/1.0') => signInCookie(app.http, email, undefined, agent);
  const signedIn = async (cookie: string) => (await app.http.get('/app').set('Cookie', cookie)).status === 200;
  async function post(cookie: string, page: string, action: string) {
    const form = csrfOf(await app.http.get(page).set('Cookie', cookie).expect(200));
    return app.http.post(action).set('Cookie', `${cookie}; ${form.cookie}`).type('form').send({ _csrf: form.token });
  }
  return { setUp, signIn, signedIn, post };
}

describe('sessions', () => {
  const app = useApp();
  const s = sessionsOf(app);
  let finId = '';
  beforeAll(async () => {
    finId = await s.setUp('fien@example.org', 'finance');
    await s.setUp('anne@example.org', 'admin');
  }, 120_000);

  it('lists where a user is signed in, and signs them out everywhere', async () => {
    const laptop = await s.signIn('fien@example.org', 'Laptop/1.0');
    const phone = await s.signIn('fien@example.org', 'Phone/2.0');
    const page = textOf((await app.http.get('/app/account').set('Cookie', laptop).expect(200)).text);
    expect(page).toMatch(/Aangemeld als fien@example\.org, financiën/);
    expect(page).toMatch(/Phone\/2\.0/);
    expect(page).toMatch(/\(deze\)[^\n]*Laptop\/1\.0|Laptop\/1\.0[\s\S]*\(deze\)/);
    expect(page.match(/Laptop\/1\.0|Phone\/2\.0/g)).toHaveLength(2);
    const out = await s.post(laptop, '/app/account', '/app/account/sign-out-everywhere');
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/sign-in?done=out');
    expect(await s.signedIn(laptop)).toBe(false);
    expect(await s.signedIn(phone)).toBe(false);
    // Signing in again works: only the sessions from before ended.
    expect(await s.signedIn(await s.signIn('fien@example.org'))).toBe(true);
  });

  it('lets an admin sign a user out everywhere, and records it', async () => {
    const fien = await s.signIn('fien@example.org');
    const anne = await s.signIn('anne@example.org');
    const r = await s.post(anne, '/app/admin', `/app/admin/users/${finId}/sign-out`);
    expect(r.status).toBe(303);
    expect(await s.signedIn(fien)).toBe(false);
    expect(await s.signedIn(anne)).toBe(true);
    // Recorded a moment after the answer (the trail gathers a busy moment's changes).
    await expect
      .poll(
        async () =>
          (await app.http.get('/api/v1/audit?action=signed%20out').set('Authorization', `Bearer ${app.tokens.admin}`)).body.items[0],
      )
      .toMatchObject({ action: 'signed out everywhere', target: 'fien@example.org', actor: { name: 'anne@example.org' } });
  });
});

describe('a session past its absolute lifetime', () => {
  // 0.0015 hours: 5.4 seconds.
  const app = useApp({ env: { SESSION_MAX_HOURS: '0.0015' } });
  const s = sessionsOf(app);
  beforeAll(async () => {
    await s.setUp('fien@example.org', 'finance');
  }, 120_000);

  it('ends however much it is used', { timeout: 30_000 }, async () => {
    const cookie = await s.signIn('fien@example.org');
    for (let i = 0; i < 3; i++) {
      expect(await s.signedIn(cookie)).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const r = await app.http.get('/app').set('Cookie', cookie);
    expect(r.status).toBe(303);
    expect(r.headers.location).toMatch(/^\/sign-in/);
  });
});
