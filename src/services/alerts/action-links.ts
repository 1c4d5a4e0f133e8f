/**
 * Acknowledge and snooze links for e-mail: signed with SECRET_KEY, each for one alert and one action,
 * expiring after 14 days, usable without signing in. Opening one shows a confirmation page; only its
 * form changes anything (mail scanners open links, they do not submit forms).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ALERT_ACTIONS = ['acknowledge', 'snooze'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export const LINK_DAYS = 14;
/** How long a snooze from an e-mail lasts unless the reader picks another day. */
export const SNOOZE_DAYS = 7;

const sign = (secret: string, alertId: string, action: AlertAction, expires: number) =>
  createHmac('sha256', secret).update(`tijdig-alert-action|${alertId}|${action}|${expires}`).digest('base64url');

export function actionLink(publicUrl: string, secret: string, alertId: string, action: AlertAction, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + LINK_DAYS * 86_400;
  return `${publicUrl}/alerts/${alertId}/${action}?e=${expires}&s=${sign(secret, alertId, action, expires)}`;
}

/** Whether a link's signature is this alert's and this action's, and it has not expired. */
export function linkIsValid(secret: string, alertId: string, action: AlertAction, e: unknown, s: unknown, now = Date.now()): boolean {
  if (typeof e !== 'string' || typeof s !== 'string' || !/^\d{1,12}$/.test(e)) return false;
  const expires = Number(e);
  if (expires * 1000 < now) return false;
  const want = Buffer.from(sign(secret, alertId, action, expires));
  const got = Buffer.from(s);
  return want.length === got.length && timingSafeEqual(want, got);
}
