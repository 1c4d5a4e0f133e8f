/** A local HTTP receiver for webhooks: records every post; can answer 503 to the next n. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Post {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface TestReceiver {
  url: string;
  posts: Post[];
  failNext: (n: number) => void;
  waitFor: (count: number, timeoutMs?: number) => Promise<Post[]>;
}

export function useWebhookReceiver(): TestReceiver {
  const ctx = { posts: [] as Post[] } as TestReceiver;
  let fail = 0;
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = fail > 0 ? 503 : 200;
        if (fail > 0) fail--;
        ctx.posts.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ctx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  ctx.failNext = (n) => {
    fail = n;
  };
  ctx.waitFor = async (count, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    while (ctx.posts.filter((p) => p.status === 200).length < count) {
      if (Date.now() > until) throw new Error(`${ctx.posts.length} posts (${count} good ones awaited) within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return ctx.posts;
  };
  return ctx;
}
