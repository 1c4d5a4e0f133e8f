/** The web app over HTTP: sign-in, sessions, CSRF, roles on every page and form, rate limits. */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextHalfYear, todayIn } from '../../src/domain/dates.ts';
import { LIMITS } from '../../src/http/middleware/rate-limits.ts';
import { addRate } from '../../src/persistence/rates/rate.repository.ts';
import { createUser, disableUser } from '../../src/services/users.ts';
import { localeOf } from '../../src/web/i18n/locale.ts';
import { useApp } from '../support/app.ts';
import { csrfOf, textOf } from '../support/forms.ts';

const PASSWORD = 'correct horse battery staple';

describe('the web app', () => {
  const app = useApp({ workers: false });
  const users: Record<string, string> = {};

  /** Sets the password through the page and signs in; returns the session cookie. */
  async function signIn(email: string, password = PASSWORD): Promise<string> {
    const page = await app.http.get('/sign-in').expect(200);
    const { token, cookie } = csrfOf(page);
    const r = await app.http
      .post('/sign-in')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, email, password, next: '/app/suppliers' });
    expect(r.status, r.text.slice(0, 200)).toBe(303);
    expect(r.headers.location).toBe('/app/suppliers');
    const session = ([] as string[]).concat(r.headers['set-cookie']).find((c) => c.startsWith('tijdig.sid='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    return session.split(';')[0];
  }

  /** A user who set a password through the one-time link's page. */
  async function makeUser(email: string, role: 'admin' | 'finance' | 'procurement'): Promise<string> {
    const made = await createUser(email, role, 'test');
    const { token, cookie } = csrfOf(await app.http.get(made.setPasswordPath).expect(200));
    await app.http
      .post(made.setPasswordPath)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, password: PASSWORD, confirm: PASSWORD })
      .expect(303);
    return made.setPasswordPath;
  }

  beforeAll(async () => {
    for (const [email, role] of [
      ['admin@example.org', 'admin'],
      ['finance@example.org', 'finance'],
      ['procurement@example.org', 'procurement'],
    ] as const) {
      await makeUser(email, role);
      users[role] = email;
    }
  });

  it('stores passwords as argon2id hashes, and a set-password link works once', async () => {
    const stored = await mongoose.connection.db!.collection('users').findOne({ email: 'finance@example.org' });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(stored?.setPasswordHash).toBeUndefined();
    const used = await makeUser('once@example.org', 'finance');
    await app.http.get(used).expect(404);
  });

  it('sends a visitor without a session to sign in, and back where they were going afterwards', async () => {
    const r = await app.http.get('/app/suppliers?level=high').expect(303);
    expect(r.headers.location).toBe('/sign-in?next=%2Fapp%2Fsuppliers%3Flevel%3Dhigh');
    const cookie = await signIn(users.finance);
    const page = await app.http.get('/app/suppliers').set('Cookie', cookie).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(textOf(page.text)).toContain('finance@example.org');
  });

  it('never sends anyone to another site after signing in', async () => {
    const page = await app.http.get('/sign-in').expect(200);
    const { token, cookie } = csrfOf(page);
    for (const next of ['//evil.example/app', 'https://evil.example/', '/\\evil.example']) {
      const r = await app.http
        .post('/sign-in')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: token, email: users.finance, password: PASSWORD, next });
      expect(r.headers.location).toBe('/app');
    }
  });

  it('refuses a wrong password with the same answer as an unknown address, and a sign-in without the CSRF token', async () => {
    const { token, cookie } = csrfOf(await app.http.get('/sign-in').expect(200));
    const wrong = await app.http
      .post('/sign-in')
      .set('Cookie', cookie)
      .set('Accept-Language', 'en')
      .type('form')
      .send({ _csrf: token, email: users.admin, password: 'nope nope nope' })
      .expect(401);
    const unknown = await app.http
      .post('/sign-in')
      .set('Cookie', cookie)
      .set('Accept-Language', 'en')
      .type('form')
      .send({ _csrf: token, email: 'nobody@example.org', password: 'nope nope nope' })
      .expect(401);
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.text)).toBe(strip(unknown.text));
    expect(textOf(wrong.text)).toContain('The e-mail address or password is not right');
    await app.http.post('/sign-in').type('form').send({ email: users.admin, password: PASSWORD }).expect(403);
  });

  it('keeps each role to its pages and forms', async () => {
    const procurement = await signIn(users.procurement);
    await app.http.get('/app/imports').set('Cookie', procurement).expect(403);
    await app.http.get('/app/suppliers').set('Cookie', procurement).expect(200);
    await app.http.get('/app/reports').set('Cookie', procurement).expect(200);
    await app.http.post('/app/suppliers/LEV001/links').set('Cookie', procurement).type('form').send({}).expect(403);
    const finance = await signIn(users.finance);
    await app.http.get('/app/imports').set('Cookie', finance).expect(200);
  });

  it('refuses every admin page and form to finance and procurement, and recompute to procurement', async () => {
    for (const role of ['finance', 'procurement']) {
      const cookie = await signIn(users[role]);
      for (const path of ['/app/admin', '/app/admin/queues', '/app/admin/queues/api/queues'])
        await app.http.get(path).set('Cookie', cookie).expect(403);
      for (const path of ['/app/admin/users', '/app/admin/tokens', '/app/admin/rates', '/app/admin/tokens/0123456789abcdef01234567/revoke'])
        await app.http.post(path).set('Cookie', cookie).type('form').send({}).expect(403);
    }
    const procurement = await signIn(users.procurement);
    await app.http.post('/app/recompute').set('Cookie', procurement).type('form').send({}).expect(403);
    const admin = await signIn(users.admin);
    await app.http.get('/app/admin').set('Cookie', admin).expect(200);
    await app.http.get('/app/admin/queues/api/queues').set('Cookie', admin).expect(200);
  });

  it('tells the admin which coming half-year still lacks its reference rate, until it is added', async () => {
    const admin = await signIn(users.admin);
    const coming = nextHalfYear(todayIn('Europe/Amsterdam'));
    const words = `EU: de rente voor ${localeOf('nl').date(coming)} is nog niet bekend`;
    const page = await app.http.get('/app/admin').set('Cookie', admin).expect(200);
    expect(textOf(page.text)).toContain(words);
    await addRate('EU', { from: coming, rate: '2.40', source: 'test' });
    expect(textOf((await app.http.get('/app/admin').set('Cookie', admin).expect(200)).text)).not.toContain(words);
    await mongoose.connection.db!.collection('referenceRates').deleteMany({ source: 'test' });
  });

  it('lets finance start a recompute from the overview with the session’s CSRF token', async () => {
    // With no supplier at all the overview offers an import instead: there is nothing to compute.
    await mongoose.connection.db!.collection('suppliers').insertOne({ supplierId: 'RECOMPUTE1', name: 'Herbereken BV' });
    const finance = await signIn(users.finance);
    const page = await app.http.get('/app').set('Cookie', finance).expect(200);
    const token = /action="\/app\/recompute"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const csrfCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('tijdig.csrf='))!;
    const before = await app.recompute.queue.count();
    const r = await app.http
      .post('/app/recompute')
      .set('Cookie', `${finance}; ${csrfCookie.split(';')[0]}`)
      .type('form')
      .send({ _csrf: token })
      .expect(303);
    expect(r.headers.location).toBe('/app?recompute=started');
    expect(await app.recompute.queue.count()).toBeGreaterThan(before);
  });

  it('refuses a form of a signed-in user without the session’s CSRF token', async () => {
    const finance = await signIn(users.finance);
    await mongoose.connection.db!.collection('suppliers').insertOne({ supplierId: 'CSRF1', name: 'Csrf BV' });
    await app.http.post('/app/suppliers/CSRF1/links').set('Cookie', finance).type('form').send({ _csrf: 'forged' }).expect(403);
    const links = await mongoose.connection.db!.collection('statusLinks').countDocuments({ supplierId: 'CSRF1' });
    expect(links).toBe(0);
  });

  it('ends the sessions of a disabled user at once', async () => {
    await makeUser('leaver@example.org', 'finance');
    const session = await signIn('leaver@example.org');
    await app.http.get('/app/suppliers').set('Cookie', session).expect(200);
    await disableUser('leaver@example.org');
    await app.http.get('/app/suppliers').set('Cookie', session).expect(303);
  });

  it('signs out: the session stops working', async () => {
    const session = await signIn(users.admin);
    const page = await app.http.get('/app/suppliers').set('Cookie', session).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const csrfCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('tijdig.csrf='));
    const cookies = [session, ...(csrfCookie ? [csrfCookie.split(';')[0]] : [])].join('; ');
    const out = await app.http.post('/sign-out').set('Cookie', cookies).type('form').send({ _csrf: token }).expect(303);
    expect(out.headers.location).toBe('/sign-in?done=out');
    await app.http.get('/app/suppliers').set('Cookie', session).expect(303);
  });

  it('limits failed sign-ins per account, shared by every API process', async () => {
    const { token, cookie } = csrfOf(await app.http.get('/sign-in').expect(200));
    const attempt = (via: typeof app.http) =>
      via
        .post('/sign-in')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: token, email: 'target@example.org', password: 'guess guess guess' });
    for (let i = 0; i < LIMITS.signInAccount.limit; i++) await attempt(i % 2 ? app.http : app.another()).expect(401);
    await attempt(app.another()).expect(429);
    // Another account from the same address is still allowed.
    await app.http
      .post('/sign-in')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, email: 'other@example.org', password: 'guess guess guess' })
      .expect(401);
  });
});
