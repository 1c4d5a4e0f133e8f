/**
 * Who gets which alert, over which channel, and when. Webhooks get every new alert at once (they
 * feed chat channels and tickets); e-mail gets critical alerts at once and the rest in the daily
 * digest. Each delivery is stored before its job is queued, so nothing planned is lost.
 */
import type { Types } from 'mongoose';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import { markDigested, undigestedWarnings } from '../../persistence/alerts/alert.repository.ts';
import { type PlannedDelivery, planDeliveries, retryFailed } from '../../persistence/alerts/delivery.repository.ts';
import { listWebhooks } from '../../persistence/alerts/webhook.repository.ts';
import { listSupplierMessages } from '../../persistence/supplier-messages/supplier-message.repository.ts';
import { suppliersByIds } from '../../persistence/suppliers/supplier.repository.ts';
import type { AlertDeps } from './alert-deps.ts';
import { alertForMessage } from './manage.ts';
import { type Recipient, recipientsFor } from './recipients.ts';

/** Each supplier's owner, and whether it is sample data (whose made-up alerts are never sent anywhere). */
const suppliersOf = async (supplierIds: string[]) =>
  new Map(
    (await suppliersByIds([...new Set(supplierIds)])).map((s) => [s.supplierId, { owner: s.ownerEmail ?? null, sample: !!s.sample }]),
  );

export async function planAlertDeliveries(alerts: AlertDoc[], deps: AlertDeps): Promise<string[]> {
  if (alerts.length === 0) return [];
  const hooks = await listWebhooks();
  // Only alerts some channel takes: without webhooks, the critical ones a mailer sends at once.
  const sent = alerts.filter((a) => hooks.length > 0 || (deps.mailer && a.severity === 'critical'));
  if (sent.length === 0) return [];
  const supplierOf = await suppliersOf(sent.map((a) => a.supplierId));
  const planned: PlannedDelivery[] = [];
  for (const a of sent) {
    if (supplierOf.get(a.supplierId)?.sample) continue;
    const id = String(a._id);
    for (const h of hooks)
      planned.push({
        _id: `webhook|${id}|${String(h._id)}`,
        channel: 'webhook',
        kind: 'alert',
        target: String(h._id),
        lang: deps.defaultLang,
        alertIds: [a._id],
      });
    if (!deps.mailer || a.severity !== 'critical') continue;
    for (const r of recipientsFor(deps.recipients, supplierOf.get(a.supplierId)?.owner, deps.defaultLang))
      planned.push({ _id: `email|${id}|${r.email}`, channel: 'email', kind: 'alert', target: r.email, lang: r.lang, alertIds: [a._id] });
  }
  const ids = await planDeliveries(planned);
  await deps.enqueueDeliveries(ids);
  return ids;
}

/**
 * The day's digest: every open warning not sent before, one e-mail per recipient (an owner gets only
 * its suppliers'). Failed deliveries are queued again here, so a long outage delays mail, never drops it.
 */
export async function planDigest(deps: AlertDeps): Promise<{ alerts: number; deliveries: number; retried: number }> {
  const day = deps.today();
  // A message whose alert could not be queued when it came in is turned into one now.
  for (const m of await listSupplierMessages({ open: true })) await alertForMessage(m, deps);
  const retried = await retryFailed();
  await deps.enqueueDeliveries(retried, `retry_${day}`);
  if (!deps.mailer) return { alerts: 0, deliveries: 0, retried: retried.length };
  const undigested = await undigestedWarnings(day);
  const supplierOf = await suppliersOf(undigested.map((a) => a.supplierId));
  const warnings = undigested.filter((a) => !supplierOf.get(a.supplierId)?.sample);
  if (warnings.length === 0) return { alerts: 0, deliveries: 0, retried: retried.length };
  const per = new Map<string, { r: Recipient; ids: Types.ObjectId[] }>();
  for (const a of warnings)
    for (const r of recipientsFor(deps.recipients, supplierOf.get(a.supplierId)?.owner, deps.defaultLang)) {
      const entry = per.get(r.email) ?? { r, ids: [] };
      entry.ids.push(a._id);
      per.set(r.email, entry);
    }
  const ids = await planDeliveries(
    [...per.values()].map(({ r, ids }) => ({
      _id: `digest|${day}|${r.email}`,
      channel: 'email' as const,
      kind: 'digest' as const,
      target: r.email,
      lang: r.lang,
      alertIds: ids,
    })),
  );
  await markDigested(
    warnings.map((a) => a._id),
    day,
  );
  await deps.enqueueDeliveries(ids);
  return { alerts: warnings.length, deliveries: ids.length, retried: retried.length };
}
