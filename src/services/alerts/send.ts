/**
 * Sends one planned delivery. The delivery id is the e-mail's Message-ID and the webhook's
 * Idempotency-Key: when a worker dies after sending and before recording it, the job runs again and
 * the receiver can tell the repeat. Every attempt is recorded; a failure is thrown so the queue retries.
 */
import { createHash } from 'node:crypto';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import { alertsByIds } from '../../persistence/alerts/alert.repository.ts';
import type { DeliveryDoc } from '../../persistence/alerts/delivery.model.ts';
import { findDelivery, recordAttempt } from '../../persistence/alerts/delivery.repository.ts';
import { findWebhook } from '../../persistence/alerts/webhook.repository.ts';
import { suppliersByIds } from '../../persistence/suppliers/supplier.repository.ts';
import { localeOf } from '../../web/i18n/locale.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { sendRemittance } from '../payment-runs/remittance.tsx';
import type { AlertDeps } from './alert-deps.ts';
import { alertJson, supplierUrl } from './alert-json.ts';
import { composeAlerts } from './compose.tsx';
import { open } from './secret-box.ts';
import { webhookSignature } from './webhook-signing.ts';

export type SendResult = 'sent' | 'already sent' | 'nothing to send';

/** A stable Message-ID from the delivery id (which holds an address, so it is hashed). */
export const messageIdOf = (deliveryId: string) => `<${createHash('sha256').update(deliveryId).digest('hex').slice(0, 32)}@tijdig>`;

export async function sendDelivery(id: string, deps: AlertDeps, lastAttempt: boolean): Promise<SendResult> {
  const d = await findDelivery(id);
  if (!d) return 'nothing to send';
  if (d.status === 'sent') return 'already sent';
  if (d.kind === 'remittance') return sendAdvice(d, deps, lastAttempt);
  const alerts = await alertsByIds(d.alertIds);
  if (alerts.length === 0) return 'nothing to send';
  try {
    if (d.channel === 'email') await sendMail(d, alerts, deps);
    else await postWebhook(d, alerts, deps);
  } catch (e) {
    await recordAttempt(id, { at: new Date(), ok: false, error: (e as Error).message.slice(0, 500) }, lastAttempt ? 'failed' : undefined);
    throw e;
  }
  await recordAttempt(id, { at: new Date(), ok: true }, 'sent');
  return 'sent';
}

/** A remittance advice (payment-runs/remittance.tsx), through the same attempts and retries as an alert. */
async function sendAdvice(d: DeliveryDoc, deps: AlertDeps, lastAttempt: boolean): Promise<SendResult> {
  try {
    const sent = await sendRemittance(d, { ...deps, messageId: messageIdOf(d._id) });
    if (!sent) return 'nothing to send';
  } catch (e) {
    await recordAttempt(
      d._id,
      { at: new Date(), ok: false, error: (e as Error).message.slice(0, 500) },
      lastAttempt ? 'failed' : undefined,
    );
    throw e;
  }
  await recordAttempt(d._id, { at: new Date(), ok: true }, 'sent');
  return 'sent';
}

async function sendMail(d: DeliveryDoc, alerts: AlertDoc[], deps: AlertDeps): Promise<void> {
  if (!deps.mailer) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
  const day = d.kind === 'digest' ? d._id.split('|')[1] : deps.today();
  const suppliers = await suppliersByIds([...new Set(alerts.map((a) => a.supplierId))]);
  const contacts = new Map(suppliers.map((s) => [s.supplierId, s.contactEmail ?? null]));
  const m = composeAlerts(d.kind === 'digest' ? 'digest' : 'alert', alerts, d.lang, deps, day, contacts);
  await deps.mailer.sendMail({
    from: deps.from,
    to: d.target,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: messageIdOf(d._id),
  });
}

async function postWebhook(d: DeliveryDoc, alerts: AlertDoc[], deps: AlertDeps): Promise<void> {
  const hook = await findWebhook(d.target);
  if (!hook) return; // removed since: nothing to send to
  const l = localeOf(d.lang);
  const a = alerts[0];
  const w = alertWords(l, a);
  const body = JSON.stringify({
    // Slack and Teams show `text` as it is.
    text: `${a.severity === 'critical' ? '🔴' : '🟠'} ${w.headline}\n${w.detail}\n${supplierUrl(deps.publicUrl, a.supplierId)}`,
    alert: alertJson(a, deps.publicUrl),
    deliveryId: d._id,
  });
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(hook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'tijdig-alerts',
      'idempotency-key': d._id,
      'x-tijdig-timestamp': String(ts),
      'x-tijdig-signature': webhookSignature(open(deps.secret, hook.secretEncrypted), ts, body),
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(deps.webhookTimeoutMs ?? 10_000),
  });
  // The receiver's answer is not kept beyond its status: it is not ours to store.
  await res.body?.cancel();
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
