/** The API's rate limits: per token (a token may have its own), and bad tokens per address. */
import { describe, expect, it } from 'vitest';
import { createToken } from '../../src/persistence/tokens/token.repository.ts';
import { bearer, useApp } from '../support/app.ts';

describe('API rate limits', () => {
  const app = useApp({ workers: false });

  it('counts per token: a token with its own limit is refused over it, another token is not', async () => {
    const slow = await createToken('three a minute', 'procurement', 3);
    for (let i = 0; i < 3; i++) await app.http.get('/api/v1/alerts').set(bearer(slow)).expect(200);
    const over = await app.http.get('/api/v1/alerts').set(bearer(slow)).expect(429);
    expect(over.body.error).toMatchObject({ code: 'too_many_requests' });
    expect(over.headers['ratelimit-policy']).toMatch(/^"3-in-1min"; q=3; w=60/);
    // The same address with another token goes on.
    await app.http.get('/api/v1/alerts').set(bearer(app.tokens.procurement)).expect(200);
    // Counted in Redis: another API process refuses it too.
    await app.another().get('/api/v1/alerts').set(bearer(slow)).expect(429);
  });

  it('refuses the guesses of an address that keeps presenting invalid tokens', async () => {
    let status = 401;
    let n = 0;
    while (status === 401 && n < 200) {
      status = (await app.http.get('/api/v1/alerts').set(bearer(`tjd_${'x'.repeat(20)}${n}`))).status;
      n++;
    }
    expect(status).toBe(429);
    expect(n).toBe(101);
    // Every further guess from it is refused, so guessing learns nothing; a valid token still works.
    await app.http
      .get('/api/v1/alerts')
      .set(bearer(`tjd_${'y'.repeat(30)}`))
      .expect(429);
    await app.http.get('/api/v1/alerts').expect(429);
    await app.http.get('/api/v1/alerts').set(bearer(app.tokens.procurement)).expect(200);
  });
});
