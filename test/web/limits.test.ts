/**
 * Abuse limits on the supplier pages, counted in Redis: two API processes (two apps here, one Redis
 * prefix) enforce one limit together.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/http/middleware/rate-limits.ts';
import { SupplierModel } from '../../src/persistence/suppliers/supplier.model.ts';
import { bearer, useApp } from '../support/app.ts';
import { csrfOf, textOf } from '../support/forms.ts';

describe('rate limits on the supplier pages', () => {
  const app = useApp({ workers: false });

  // Before the misses test: an address over the misses limit is refused every status path.
  it('limits messages sent from status pages per address', async () => {
    await SupplierModel.create({ supplierId: 'LIM1', name: 'Limit BV' });
    const link = await app.http.post('/api/v1/suppliers/LIM1/status-links').set(bearer(app.tokens.finance)).send({}).expect(201);
    const path = new URL(link.body.url).pathname;
    const { token, cookie } = csrfOf(await app.http.get(path).expect(200));
    const send = () =>
      app.http.post(`${path}/messages`).set('Cookie', cookie).type('form').send({ _csrf: token, kind: 'question', message: 'Hello' });
    for (let i = 0; i < LIMITS.messages.limit; i++) await send().expect(303);
    await send().expect(429);
    const inbox = await app.http.get('/api/v1/supplier-messages?supplierId=LIM1').set(bearer(app.tokens.finance)).expect(200);
    expect(inbox.body.messages).toHaveLength(LIMITS.messages.limit);
  });

  it('never counts good requests as misses, however many arrive at once', async () => {
    await SupplierModel.create({ supplierId: 'BUSY', name: 'Busy BV' });
    const link = await app.http.post('/api/v1/suppliers/BUSY/status-links').set(bearer(app.tokens.finance)).send({}).expect(201);
    const path = new URL(link.body.url).pathname;
    const answers = await Promise.all(Array.from({ length: 3 * LIMITS.statusMisses.limit }, () => app.http.get(path)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
  });

  it('limits misses on status links per address, across API processes, and keeps serving other pages', async () => {
    const second = app.another();
    const limit = LIMITS.statusMisses.limit;
    for (let i = 0; i < limit; i++) {
      const via = i % 2 ? app.http : second;
      await via.get(`/s/${'Z'.repeat(30)}${String(i).padStart(2, '0')}`).expect(404);
    }
    const blocked = await app.http
      .get(`/s/${'Y'.repeat(32)}`)
      .set('Accept-Language', 'en')
      .expect(429);
    expect(textOf(blocked.text)).toContain('Too many attempts');
    expect(blocked.headers['cache-control']).toBe('no-store');
    await second.get(`/s/${'X'.repeat(32)}`).expect(429);
    // The look-up page is not a status link: unaffected.
    await app.http.get('/lookup').expect(200);
  });

  it('limits invoice look-ups per address, counting every attempt', async () => {
    const { token, cookie } = csrfOf(await app.http.get('/lookup').expect(200));
    for (let i = 0; i < LIMITS.lookup.limit; i++)
      await app.http
        .post('/lookup')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: token, invoiceNumber: `G-${i}`, invoiceDate: '2025-01-01', amount: '1,00' })
        .expect(200);
    await app
      .another()
      .post('/lookup')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, invoiceNumber: 'G-x', invoiceDate: '2025-01-01', amount: '1,00' })
      .expect(429);
  });

  it('keeps the payment-practice page unpublished unless the organisation turns it on', async () => {
    const r = await app.http.get('/payment-practices').set('Accept-Language', 'en').expect(404);
    expect(textOf(r.text)).toContain('does not publish its payment figures here');
  });
});
