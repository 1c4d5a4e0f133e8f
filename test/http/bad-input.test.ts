/**
 * Bad input over HTTP: each gets a clear 4xx with a stable code, nothing is stored, and the process
 * goes on serving. Query parameters and JSON bodies shaped like MongoDB operators never reach a query.
 */
import http from 'node:http';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { bearer, useApp } from '../support/app.ts';

describe('bad input over HTTP', () => {
  const app = useApp({ workers: false, uploadLimitBytes: 1024 * 1024, listen: true });
  const upload = (content: Buffer | string, name = 'f.csv', token = app.tokens.finance) =>
    app.http.post('/api/v1/imports').set(bearer(token)).field('kind', 'invoices').attach('file', Buffer.from(content), name);
  const stored = async () => ({
    imports: await mongoose.connection.db!.collection('imports').countDocuments({}),
    files: await mongoose.connection.db!.collection('uploads.files').countDocuments({}),
  });

  it.each([
    ['an empty file', '', 'empty_file', /the file is empty/],
    ['a header without rows', 'Crediteur;Factuurnummer;Factuurdatum;Bedrag\n', 'no_rows', /column names but no rows/],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]), 'not_csv', /binary data/],
    ['a text without separators', 'hello world\nthis is no csv\n', 'not_csv', /no comma, semicolon or tab/],
  ])('refuses %s with its own code and stores nothing', async (_name, content, code, message) => {
    const before = await stored();
    const r = await upload(content as string).expect(400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(message);
    expect(await stored()).toEqual(before);
  });

  it('refuses an upload over the limit with 413, stores nothing, and keeps serving', async () => {
    const before = await stored();
    const big = Buffer.alloc(2 * 1024 * 1024, 'a;b;c\n');
    const r = await upload(big).expect(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect(await stored()).toEqual(before);
    await app.http.get('/healthz').expect(200);
  });

  it('refuses a 250 MB upload sent without a length once it passes the limit, holding none of it in memory', async () => {
    const before = await stored();
    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const boundary = 'tijdig-test-boundary';
    let sent = 0;
    const status = await new Promise<number>((resolve) => {
      const req = http.request(`${app.baseUrl}/api/v1/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.tokens.finance}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      // The server may close the connection while this side is still sending.
      req.on('error', () => {});
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoices\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 'L1;F1;01-01-2025;1,00\n');
      const pump = () => {
        while (sent < 250 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    clearInterval(sampler);
    expect(status).toBe(413);
    // Refused early: far less than the 250 MB was sent, and memory grew by less than the bound the README states.
    expect(sent).toBeLessThan(50 * 1024 * 1024);
    expect(peak - start).toBeLessThan(96 * 1024 * 1024);
    expect(await stored()).toEqual(before);
    await app.http.get('/healthz').expect(200);
  });

  it('keeps a file name with path parts as a name only: nothing is written outside the database', async () => {
    const r = await upload('Crediteur;Factuurnummer;Factuurdatum;Bedrag\nL1;F1;01-01-2025;1,00\n', '../../../etc/passwd.csv').expect(202);
    const imp = await app.http.get(`/api/v1/imports/${r.body.id}`).set(bearer(app.tokens.finance)).expect(200);
    expect(imp.body.fileName).toBe('passwd.csv');
  });

  it('refuses query parameters shaped like operators, naming the field', async () => {
    const asOf = await app.http.get('/api/v1/suppliers?asOf[$gt]=').set(bearer(app.tokens.finance)).expect(400);
    expect(asOf.body.error.message).toBe('query.asOf[$gt]: not a parameter of this request');
    const supplier = await app.http.get('/api/v1/supplier-messages?supplierId[$ne]=x').set(bearer(app.tokens.finance)).expect(400);
    expect(supplier.body.error.message).toMatch(/query\.supplierId\[\$ne\]: not a parameter/);
  });

  it('refuses JSON bodies with $-keys, naming the field', async () => {
    const recompute = await app.http
      .post('/api/v1/recompute')
      .set(bearer(app.tokens.finance))
      .send({ asOf: { $gt: '' } })
      .expect(400);
    expect(recompute.body.error.message).toMatch(/body\.asOf/);
    const link = await app.http
      .post('/api/v1/suppliers/X/status-links')
      .set(bearer(app.tokens.finance))
      .send({ expires: { $ne: 1 } })
      .expect(400);
    expect(link.body.error.message).toMatch(/body\.expires/);
    const malformed = await app.http
      .post('/api/v1/recompute')
      .set(bearer(app.tokens.finance))
      .set('Content-Type', 'application/json')
      .send('{"asOf": ')
      .expect(400);
    expect(malformed.body.error.code).toBe('entity.parse.failed');
  });

  it('refuses a token of another role with 403 and says which role is needed', async () => {
    const r = await upload('a;b\n1;2\n', 'f.csv', app.tokens.procurement).expect(403);
    expect(r.body.error.message).toMatch(/admin or finance/);
  });
});
