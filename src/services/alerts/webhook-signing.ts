/**
 * How a webhook receiver knows a post is tijdig's: HMAC-SHA256 with the webhook's secret over
 * "<timestamp>.<body>", sent as `X-Tijdig-Signature: v1=<hex>` beside `X-Tijdig-Timestamp` (Unix
 * seconds). A receiver recomputes it and refuses posts older than REPLAY_WINDOW_S (docs/alerts.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const REPLAY_WINDOW_S = 300;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check (used by tests, and the reference for integrators). */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string, nowS = Date.now() / 1000): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > REPLAY_WINDOW_S) return false;
  const want = Buffer.from(webhookSignature(secret, ts, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
