/** The status-page fixtures imported through the real upload path, and links made through the API. */
import path from 'node:path';
import { expect } from 'vitest';
import { bearer, type TestApp, waitForImport } from './app.ts';
import { ROOT } from './spawn.ts';

/** "Today" for the fixtures: LEV001's J-101 is 50 days overdue. */
export const FIXTURE_TODAY = '2025-11-20';

export async function importStatusFixtures(app: TestApp): Promise<void> {
  for (const [kind, file] of [
    ['suppliers', 'leveranciers.csv'],
    ['invoices', 'facturen.csv'],
  ]) {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', kind)
      .attach('file', path.join(ROOT, 'test/fixtures/status', file))
      .expect(202);
    const done = await waitForImport(app, r.body.id, 100_000);
    expect(done.status).toBe('completed');
    expect((done.counts as { rejected: number }).rejected).toBe(0);
  }
}

export async function makeLink(app: TestApp, supplierId: string, body: Record<string, unknown> = {}) {
  const r = await app.http.post(`/api/v1/suppliers/${supplierId}/status-links`).set(bearer(app.tokens.finance)).send(body).expect(201);
  return r.body as { id: string; url: string; token: string; expiresAt: string; state: string };
}

/** The path part of a link's URL. */
export const pathOf = (url: string) => new URL(url).pathname;
