/**
 * The audit trail: changes made in the web app, over the API and on the command line are recorded
 * with who, from where, what and (where they apply) the values before and after; failed sign-ins
 * too; reads and previews are not. The chain shows a record changed or taken out, across retention.
 */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAuditRetention, audit, flushAudit, verifyAudit } from '../../src/services/audit.ts';
import { createUser } from '../../src/services/users.ts';
import { bearer, useApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { csrfOf, setPasswordFor, signInCookie } from '../support/forms.ts';
import { importStatusFixtures } from '../support/status-fixtures.ts';

type Rec = {
  seq: number;
  actor: { kind: string; name: string };
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  address: string;
};

describe('the audit trail', () => {
  const app = useApp();
  let cookie = '';

  async function signIn(email: string, password: string) {
    const page = csrfOf(await app.http.get('/sign-in').expect(200));
    return app.http.post('/sign-in').set('Cookie', page.cookie).type('form').send({ _csrf: page.token, email, password });
  }

  beforeAll(async () => {
    await importStatusFixtures(app);
    const made = await createUser('anne@example.org', 'admin', 'test');
    await setPasswordFor(app.http, made.setPasswordPath);
    expect((await signIn('anne@example.org', 'wrong password entirely')).status).toBe(401);
    cookie = await signInCookie(app.http, 'Anne@example.org');
    // A settings change in the web app, a user made there, and a status link over the API.
    const admin = csrfOf(await app.http.get('/app/admin').set('Cookie', cookie).expect(200));
    const post = (path: string, body: Record<string, string>) =>
      app.http
        .post(path)
        .set('Cookie', `${cookie}; ${admin.cookie}`)
        .type('form')
        .send({ _csrf: admin.token, ...body });
    expect((await post('/app/admin/payment-runs', { approvers: '2', grouping: 'invoice', remittanceOn: 'export' })).status).toBe(200);
    expect((await post('/app/admin/users', { email: 'piet@example.org', role: 'procurement' })).status).toBe(200);
    await app.http.post('/api/v1/suppliers/LEV001/status-links').set(bearer(app.tokens.finance)).send({}).expect(201);
    // Reads are not changes.
    await app.http.get('/api/v1/suppliers').set(bearer(app.tokens.finance)).expect(200);
    // Recorded a moment after the answers (a busy moment's changes go in together).
    await flushAudit();
  }, 240_000);

  async function all(query = ''): Promise<Rec[]> {
    const r = await app.http.get(`/api/v1/audit?limit=1000${query}`).set(bearer(app.tokens.admin)).expect(200);
    return r.body.items;
  }

  it('records who did what, from where, with the values before and after', async () => {
    const items = await all();
    const by = (action: string) => items.filter((r) => r.action === action);
    expect(by('sign-in failed')).toEqual([
      expect.objectContaining({ target: 'anne@example.org', actor: expect.objectContaining({ kind: 'anonymous' }) }),
    ]);
    expect(by('sign-in')).toEqual([
      expect.objectContaining({ target: 'anne@example.org', actor: expect.objectContaining({ kind: 'user', name: 'anne@example.org' }) }),
    ]);
    expect(by('password set')).toHaveLength(1);
    expect(by('payment-run settings changed')[0]).toMatchObject({
      actor: { kind: 'user', name: 'anne@example.org' },
      before: { approvers: 1, grouping: 'supplier', remittanceOn: 'export' },
      after: { approvers: 2, grouping: 'invoice', remittanceOn: 'export' },
    });
    expect(by('user created')[0]).toMatchObject({ target: 'piet@example.org', after: { role: 'procurement' } });
    const link = by('POST /api/v1/suppliers/:id/status-links')[0];
    expect(link).toMatchObject({ actor: { kind: 'token' }, target: '/api/v1/suppliers/LEV001/status-links' });
    expect(link.address).toMatch(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
    // The imports of the fixtures, by token; no GET anywhere.
    expect(by('POST /api/v1/imports').length).toBeGreaterThanOrEqual(2);
    expect(items.some((r) => r.action.startsWith('GET'))).toBe(false);
    // Newest first, numbered without gaps.
    const seqs = items.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('pages with a cursor, filters, exports CSV, and is for admins only', async () => {
    const first = await app.http.get('/api/v1/audit?limit=2').set(bearer(app.tokens.admin)).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.headers.link).toMatch(/rel="next"/);
    const second = await app.http.get(`/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`).set(bearer(app.tokens.admin)).expect(200);
    expect(second.body.items[0].seq).toBe(first.body.items[1].seq - 1);
    expect((await all('&action=sign-in')).map((r) => r.action).sort()).toEqual(['sign-in', 'sign-in failed']);
    expect((await all('&actor=anne')).every((r) => r.actor.name === 'anne@example.org')).toBe(true);
    const csv = await app.http.get('/api/v1/audit.csv?action=settings').set(bearer(app.tokens.admin)).expect(200);
    expect(csv.text).toMatch(/^seq,at,actorKind,actor,address,action,target,status,before,after,hash\r\n/);
    expect(csv.text).toMatch(/payment-run settings changed/);
    await app.http.get('/api/v1/audit').set(bearer(app.tokens.finance)).expect(403);
    const page = await app.http.get('/app/admin/audit?action=sign-in').set('Cookie', cookie).expect(200);
    expect(page.text).toMatch(/sign-in failed/);
  });

  it('shows a record changed or taken out, and stays checkable after retention', async () => {
    for (let i = 0; i < 20; i++)
      void audit({ actor: { kind: 'system', id: '', name: 'test' }, address: '', action: 'burst', target: String(i) });
    await audit({ actor: { kind: 'system', id: '', name: 'test' }, address: '', action: 'burst', target: 'last' });
    expect(await verifyAudit()).toMatchObject({ problems: [] });
    const trail = mongoose.connection.db!.collection('auditTrail');
    const victim = await trail.findOne({ action: 'user created' });
    await trail.updateOne({ _id: victim!._id }, { $set: { target: 'someone-else@example.org' } });
    expect((await verifyAudit()).problems).toEqual([`record ${victim!.seq} was changed after it was written`]);
    await trail.updateOne({ _id: victim!._id }, { $set: { target: 'piet@example.org' } });
    const gone = await trail.findOneAndDelete({ action: 'sign-in' });
    expect((await verifyAudit()).problems).toEqual([`records ${gone!.seq}–${gone!.seq} are missing`]);
    await trail.insertOne(gone!);
    expect((await verifyAudit()).problems).toEqual([]);
    // The command line says the same, with its exit code, and records what it changes.
    const whole = await runCli(['audit', 'verify'], app.mongoUri);
    expect(whole).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit trail whole: \d+ records \(records 1–\d+\)/) });
    await trail.updateOne({ action: 'sign-in failed' }, { $set: { address: '10.0.0.1' } });
    const broken = await runCli(['audit', 'verify'], app.mongoUri);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/audit trail NOT whole[\s\S]*record \d+ was changed after it was written/);
    await trail.updateOne({ action: 'sign-in failed' }, { $unset: { address: '' } });
    // Retention removes the oldest; what is kept still checks against where it now starts.
    await trail.deleteOne({ action: 'sign-in failed' });
    const removed = await applyAuditRetention(1, new Date(Date.now() + 86_400_000 * 2));
    expect(removed).toBeGreaterThan(0);
    const users = await runCli(['users', 'create', '--email', 'kees@example.org', '--role', 'finance'], app.mongoUri);
    expect(users.code).toBe(0);
    const after = await verifyAudit();
    expect(after).toMatchObject({ records: 1, problems: [] });
    expect((await all())[0]).toMatchObject({ actor: { kind: 'cli' }, action: 'tijdig users create' });
  });
});
