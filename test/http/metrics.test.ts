/** GET /metrics: Prometheus text for the scraper's token or an admin; request durations by route pattern, never a token. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { ROOT } from '../support/spawn.ts';

describe('metrics', () => {
  const app = useApp();

  it('answers only the metrics token or an admin token', async () => {
    await app.http.get('/metrics').expect(401);
    await app.http.get('/metrics').set(bearer(app.tokens.procurement)).expect(403);
    await app.http.get('/metrics').set(bearer('not-a-token-at-all')).expect(401);
    await app.http.get('/metrics').set(bearer(app.tokens.admin)).expect(200);
    const r = await app.http.get('/metrics').set(bearer('metrics-token-for-tests-0123')).expect(200);
    expect(r.headers['content-type']).toMatch(/text\/plain/);
  });

  it('counts imported rows per class, queue depths, and request durations by route pattern', { timeout: 120_000 }, async () => {
    const up = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', path.join(ROOT, 'test/fixtures/status/facturen.csv'))
      .expect(202);
    await waitForImport(app, up.body.id, 100_000);
    await app.http.get(`/s/${'Q'.repeat(32)}`).expect(404);
    const text = (await app.http.get('/metrics').set(bearer(app.tokens.admin)).expect(200)).text;
    expect(text).toMatch(/^tijdig_import_rows\{class="inserted"\} 13$/m);
    expect(text).toMatch(/^tijdig_import_rows\{class="rejected"\} 0$/m);
    expect(text).toMatch(/^tijdig_queue_jobs\{queue="import",state="completed"\} [1-9]/m);
    expect(text).toMatch(/^tijdig_queue_jobs\{queue="recompute",state="failed"\} 0$/m);
    expect(text).toMatch(/tijdig_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/imports\/:id",status="200"\} [1-9]/);
    expect(text).toMatch(/tijdig_http_request_duration_seconds_count\{method="GET",route="\/s\/:token",status="404"\} 1/);
    expect(text).not.toContain('Q'.repeat(32));
    expect(text).toMatch(/^tijdig_import_last_rows_per_second \d/m);
    expect(text).toMatch(/^tijdig_node_process_resident_memory_bytes \d/m);
  });
});
