/** The contract check itself: it catches an undocumented path, status or body, and passes good ones. */
import { describe, expect, it } from 'vitest';
import { bearer, useApp } from '../support/app.ts';
import { contractProblem } from '../support/contract.ts';

describe('the API contract check', () => {
  const app = useApp({ workers: false, skipContract: true });

  it('names a body that does not match, an undocumented status, path or content type', () => {
    expect(
      contractProblem('get', '/api/v1/suppliers?limit=5', 200, 'application/json', {
        asOf: '2026-01-01',
        total: 0,
        items: [],
        nextCursor: null,
      }),
    ).toBeNull();
    expect(contractProblem('get', '/api/v1/suppliers', 200, 'application/json', { items: 'none' })).toMatch(
      /^GET \/api\/v1\/suppliers → 200: body does not match the schema/,
    );
    expect(contractProblem('get', '/api/v1/suppliers', 201, 'application/json', {})).toMatch(/status not documented/);
    expect(contractProblem('get', '/api/v1/nowhere', 200, 'application/json', {})).toMatch(/path not in docs\/openapi\.yaml/);
    expect(contractProblem('get', '/api/v1/suppliers', 200, 'text/html', '')).toMatch(/text\/html not documented/);
    // Errors everywhere answer with the error body.
    expect(
      contractProblem('get', '/api/v1/suppliers', 400, 'application/json', { error: { code: 'bad_request', message: 'x' } }),
    ).toBeNull();
    expect(contractProblem('get', '/api/v1/suppliers', 400, 'application/json', { message: 'x' })).toMatch(/body does not match/);
    expect(contractProblem('get', '/api/v1/nowhere', 404, 'application/json', { error: { code: 'not_found', message: 'x' } })).toBeNull();
  });

  it('sees every API response of the test app, and only those', async () => {
    const before = app.contract.checked;
    await app.http.get('/api/v1/suppliers?limit=5').set(bearer(app.tokens.finance)).expect(409);
    await app.http.get('/api/v1/nowhere').set(bearer(app.tokens.finance)).expect(404);
    await app.another().put('/api/v1/suppliers').set(bearer(app.tokens.finance)).expect(404);
    await app.http.get('/healthz').expect(200);
    expect(app.contract.checked - before).toBe(3);
    expect(app.contract.problems).toEqual([]);
  });

  it('serves the document', async () => {
    const r = await app.http.get('/api/v1/openapi.yaml').expect(200);
    expect(r.headers['content-type']).toMatch(/^application\/yaml/);
    expect(r.text).toMatch(/^openapi: 3\.1\.0/);
  });
});
