import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';

const logger = createLogger('silent');

describe('health endpoints', () => {
  it('says alive on /healthz and ready on /readyz when every dependency answers', async () => {
    const app = buildApp({ logger, readiness: { mongodb: async () => {}, redis: async () => {} } });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    const r = await request(app).get('/readyz').expect(200);
    expect(r.body).toEqual({ status: 'ready', checks: { mongodb: 'ok', redis: 'ok' } });
  });

  it('answers 503 on /readyz naming the dependency that does not answer', async () => {
    const app = buildApp({
      logger,
      readiness: {
        mongodb: async () => {},
        redis: async () => {
          throw new Error('Redis did not answer PING within 1000 ms');
        },
      },
    });
    const r = await request(app).get('/readyz').expect(503);
    expect(r.body.checks.redis).toMatch(/did not answer/);
  });

  it('answers unknown routes with a JSON 404 and sets security headers', async () => {
    const app = buildApp({ logger, readiness: {} });
    const r = await request(app).get('/nope').expect(404);
    expect(r.body.error.code).toBe('not_found');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-powered-by']).toBeUndefined();
  });
});
