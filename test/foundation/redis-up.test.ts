/**
 * Whether the API counts Redis as up (src/queues/connections.ts): what needs Redis answers 503 while
 * it is not, instead of waiting on a connection that cannot answer.
 */
import { once } from 'node:events';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { redisUp, webConnection } from '../../src/queues/connections.ts';
import { freePort } from '../../src/runtime/redis-server.ts';
import { useRedis } from '../support/redis.ts';

describe('redisUp', () => {
  const redis = useRedis();

  it('a new connection is up while it connects, and once ready', async () => {
    const r = webConnection(redis.url);
    try {
      expect(redisUp(r)).toBe(true);
      await once(r, 'ready');
      expect(redisUp(r)).toBe(true);
    } finally {
      r.disconnect();
    }
  });

  it('one whose connection closed is not up again until ready, even while it connects to a port that drops it', async () => {
    const port = await freePort();
    const holder = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', () => resolve()));
    const r = webConnection(`redis://127.0.0.1:${port}`);
    r.on('error', () => {});
    try {
      await new Promise((res) => r.once('close', res));
      const statuses = new Set<string>();
      let up = false;
      for (const end = Date.now() + 1500; Date.now() < end; ) {
        statuses.add(r.status);
        up ||= redisUp(r);
        await new Promise((res) => setTimeout(res, 2));
      }
      // It did try again meanwhile.
      expect([...statuses].some((s) => s === 'connecting' || s === 'connect')).toBe(true);
      expect(up).toBe(false);
    } finally {
      r.disconnect();
      holder.close();
    }
  });
});
