/**
 * The baseline of the API benchmark: plain express serving stored answers from memory, each with the
 * API's ETag (so a request with If-None-Match gets express's own 304).
 * `tsx bench/lib/static-json-server.ts FILE` (FILE: {"/path": {"body": "...", "etag": "..."}}) prints `{"listening": PORT}`.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';

const answers = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Record<string, { body: string; etag: string }>;
const app = express();
for (const [p, a] of Object.entries(answers)) {
  const body = Buffer.from(a.body);
  app.get(p, (_req, res) => {
    res.set('ETag', a.etag).type('json').send(body);
  });
}
const server = app.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: (server.address() as AddressInfo).port }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
