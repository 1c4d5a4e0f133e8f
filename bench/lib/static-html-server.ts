/**
 * The baseline of the page benchmarks: plain express serving one HTML file from memory.
 * `tsx bench/lib/static-html-server.ts FILE` prints one JSON line `{"listening": PORT}`.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';

const html = fs.readFileSync(process.argv[2], 'utf8');
const app = express();
app.get('/', (_req, res) => {
  res.type('html').send(html);
});
const server = app.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: (server.address() as AddressInfo).port }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
