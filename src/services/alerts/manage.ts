/** What people do with alerts (list, acknowledge, snooze), supplier questions as alerts, webhooks, rules. */
import { randomBytes } from 'node:crypto';
import { conditionKey, questionCondition } from '../../domain/alerts/conditions.ts';
import { type RuleSettings, withDefaults } from '../../domain/alerts/rules.ts';
import { isCalendarDate } from '../../domain/dates.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import {
  actOnAlert,
  findAlert,
  openAlert,
  resolveByCondition,
  ruleSettings,
  saveRuleSettings,
} from '../../persistence/alerts/alert.repository.ts';
import { deleteWebhook, insertWebhook, listWebhooks } from '../../persistence/alerts/webhook.repository.ts';
import { snapshotOf } from '../../persistence/snapshots/snapshot.repository.ts';
import type { SupplierMessageDoc } from '../../persistence/supplier-messages/supplier-message.model.ts';
import { findSupplier } from '../../persistence/suppliers/supplier.repository.ts';
import type { AlertDeps } from './alert-deps.ts';
import { planAlertDeliveries } from './deliveries.ts';
import { seal } from './secret-box.ts';

const EXCERPT = 280;

/** A question or missing-invoice report from a status page becomes an alert (rule "supplierAsked"). */
export async function alertForMessage(m: SupplierMessageDoc, deps: AlertDeps): Promise<AlertDoc | null> {
  const rules = await ruleSettings();
  if (!rules.supplierAsked.enabled || m.handledAt) return null;
  const supplier = await findSupplier(m.supplierId);
  const text = m.message.replace(/\s+/g, ' ').trim();
  const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
  const harm = (await snapshotOf(m.supplierId, deps.today()))?.harmScore ?? 0;
  const a = await openAlert(
    questionCondition({ id: String(m._id), supplierId: m.supplierId, kind: m.kind, invoiceNumber: m.invoiceNumber, excerpt }, harm),
    supplier?.name ?? m.supplierId,
    deps.today(),
  );
  if (a) await planAlertDeliveries([a], deps);
  return a;
}

/** A handled message's alert is resolved. */
export async function messageHandled(m: SupplierMessageDoc): Promise<void> {
  await resolveByCondition(conditionKey({ topic: 'question', supplierId: m.supplierId, subject: String(m._id) }));
  // An alert opened before alerts had topics was keyed by its rule.
  await resolveByCondition(`supplierAsked|${m.supplierId}|${String(m._id)}`);
}

export async function acknowledgeAlert(id: string, by: string): Promise<AlertDoc> {
  const a = await actOnAlert(id, { kind: 'acknowledge', by });
  if (!a) throw await missing(id);
  return a;
}

export async function snoozeAlert(id: string, until: unknown, by: string, today: string): Promise<AlertDoc> {
  if (!isCalendarDate(until) || until <= today) throw badRequest(`until: must be a date after today (${today}), such as 2026-12-01`);
  const a = await actOnAlert(id, { kind: 'snooze', until, by });
  if (!a) throw await missing(id);
  return a;
}

async function missing(id: string) {
  const a = await findAlert(id);
  return a ? badRequest(`alert ${id} is resolved already: its cause is gone`) : notFound(`no alert ${id}`);
}

export async function addWebhook(url: string, secret: string | undefined, by: string, key: string) {
  const plain = secret ?? randomBytes(32).toString('base64url');
  const w = await insertWebhook({ url, secretEncrypted: seal(key, plain), createdAt: new Date(), createdBy: by });
  // The secret is shown this once; tijdig keeps it sealed.
  return { id: String(w._id), url: w.url, secret: plain, createdAt: w.createdAt };
}

export async function webhooks() {
  return (await listWebhooks()).map((w) => ({ id: String(w._id), url: w.url, createdAt: w.createdAt, createdBy: w.createdBy }));
}

export async function removeWebhook(id: string): Promise<void> {
  if (!(await deleteWebhook(id))) throw notFound(`no webhook ${id}`);
}

/** The rules in force (defaults where unset): the HTTP and CLI edges read them here, not from persistence. */
export const alertRules = ruleSettings;

/** Changes some rules' settings; the rest stay. Takes effect at the next recompute. */
export async function updateAlertRules(patch: Partial<{ [K in keyof RuleSettings]: Partial<RuleSettings[K]> }>, by: string) {
  const current = await ruleSettings();
  const next = withDefaults(
    Object.fromEntries(Object.entries(current).map(([k, v]) => [k, { ...v, ...(patch[k as keyof RuleSettings] ?? {}) }])),
  );
  await saveRuleSettings(next, by);
  return next;
}
