/** GET /metrics: Prometheus text for the scraper's token or an admin; request durations by route pattern, never a token. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { metrics } from '../../src/http/metrics.ts';
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

  it('gauges the embedded database by all its journals, not its snapshot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-metrics-'));
    try {
      fs.writeFileSync(path.join(dir, 'snapshot.bson'), Buffer.alloc(1000));
      fs.writeFileSync(path.join(dir, 'journal-3.bson'), Buffer.alloc(100));
      fs.writeFileSync(path.join(dir, 'journal-4.bson'), Buffer.alloc(50));
      const token = 'metrics-token-for-the-gauge-test';
      const { routes } = metrics({ queues: [], metricsToken: token, embeddedDbDir: dir });
      const text = (await request(express().use(routes)).get('/metrics').set(bearer(token)).expect(200)).text;
      expect(text).toMatch(/^tijdig_embedded_db_journal_bytes 150$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
