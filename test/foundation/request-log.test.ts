import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { shortHash } from '../../src/http/redact.ts';
import { createLogger } from '../../src/logger.ts';

interface Line {
  msg: string;
  reqId: string;
  req: { method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
}

function appLogging(level: string) {
  const lines: Line[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { app: buildApp({ logger, readiness: {} }), lines };
}

describe('request log', () => {
  it('writes one line per answered request, with its id (also in x-request-id), status and time', async () => {
    const { app, lines } = appLogging('info');
    const r = await request(app).get('/nope?x=1').expect(404);
    const id = r.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      reqId: id,
      req: { method: 'GET', url: '/nope?x=1' },
      res: { statusCode: 404 },
    });
    expect(lines[0].responseTime).toBeGreaterThanOrEqual(0);
    const again = await request(app).get('/nope').expect(404);
    expect(again.headers['x-request-id']).not.toBe(id);
  });

  it('does not log health checks', async () => {
    const { app, lines } = appLogging('info');
    await request(app).get('/healthz').expect(200);
    await request(app).get('/readyz').expect(200);
    expect(lines).toEqual([]);
  });

  it('logs a status link and an alert action link with a short hash in place of the secret', async () => {
    const { app, lines } = appLogging('info');
    const token = 'aVeryLongSecretStatusLinkToken_0123456789';
    await request(app).get(`/s/${token}/invoices.csv`);
    await request(app).get('/alerts/abc/acknowledge?until=2026-12-01&s=theSignatureItself');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain('theSignatureItself');
    expect(lines[0].req.url).toBe(`/s/~${shortHash(token)}/invoices.csv`);
    expect(lines[1].req.url).toBe(`/alerts/abc/acknowledge?until=2026-12-01&s=~${shortHash('theSignatureItself')}`);
  });

  it('writes nothing per request below its level, and still gives every answer an id', async () => {
    const { app, lines } = appLogging('warn');
    const r = await request(app).get('/nope').expect(404);
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([]);
  });
});
