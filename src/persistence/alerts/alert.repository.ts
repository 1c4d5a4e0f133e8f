import mongoose, { Types } from 'mongoose';
import { type AlertFacts, type Condition, conditionKey, fingerprintOf, TOPIC_OF } from '../../domain/alerts/conditions.ts';
import { type RuleId, type RuleSettings, withDefaults } from '../../domain/alerts/rules.ts';
import { decodeCursor, encodeCursor, isObjectIdHex } from '../../services/cursor.ts';
import { refusedWrites } from '../refused-writes.ts';
import { type AlertDoc, AlertModel, type AlertState, LIVE_STATES } from './alert.model.ts';
import { AlertSettingsModel } from './settings.model.ts';

/** Figures stored before an alert could name several invoices (one each), in today's shape. */
function upgradeFacts(f: Record<string, unknown>): AlertFacts {
  const n = (f.invoiceNumber as string | null | undefined) ?? null;
  switch (f.rule) {
    case 'willBeLate':
      if (Array.isArray(f.invoices)) break;
      return {
        rule: 'willBeLate',
        invoices: [f as never],
        count: 1,
        amount: f.amount as Record<string, number>,
        dueDate: f.dueDate as string,
        daysLeft: f.daysLeft as number,
      };
    case 'unlawfulTerms':
      if (Array.isArray(f.invoiceNumbers)) break;
      return {
        ...(f as object),
        agreed: n === null,
        invoiceCount: n === null ? 0 : 1,
        invoiceNumbers: n === null ? [] : [n],
      } as AlertFacts;
    case 'disputeOpen':
      if (Array.isArray(f.disputes)) break;
      return { rule: 'disputeOpen', disputes: [f as never], count: 1, days: f.days as number };
  }
  return f as unknown as AlertFacts;
}

/**
 * An alert as stored before alerts had topics (one reason each, its facts an object): read as the
 * one-reason alert of its rule's topic, so the pages and the API read every alert one way.
 */
function current(a: AlertDoc): AlertDoc {
  if (a.topic && Array.isArray(a.facts)) return a;
  const facts = (Array.isArray(a.facts) ? a.facts : [a.facts]).map((f) => upgradeFacts(f as unknown as Record<string, unknown>));
  return { ...a, topic: a.topic ?? TOPIC_OF[a.rule], rules: a.rules?.length ? a.rules : [a.rule], facts, harmScore: a.harmScore ?? 0 };
}

/** What an evaluation needs of a live alert: which condition, its state, and a fingerprint of its figures. */
export type LiveAlert = Pick<AlertDoc, '_id' | 'conditionKey' | 'topic' | 'rule' | 'supplierId' | 'state' | 'snoozedUntil' | 'fingerprint'>;

/** The live (not resolved) alerts of these suppliers, without their figures. */
export async function liveAlerts(supplierIds: string[]): Promise<LiveAlert[]> {
  const docs = (await AlertModel.collection
    .find(
      { supplierId: { $in: supplierIds }, state: { $in: LIVE_STATES } },
      { projection: { conditionKey: 1, topic: 1, rule: 1, supplierId: 1, state: 1, snoozedUntil: 1, fingerprint: 1 } },
    )
    .toArray()) as unknown as LiveAlert[];
  return docs.map((a) => (a.topic ? a : { ...a, topic: TOPIC_OF[a.rule] }));
}

/** The index a duplicate-key error came from, from its message (both servers name it). */
const duplicateOn = (w: { code?: number; errmsg?: string }) =>
  w.code === 11000 ? (/dedupKey/.test(w.errmsg ?? '') ? 'dedupKey' : 'openKey') : null;

/**
 * Opens an alert for each condition that has no live one, in one unordered insert. A condition another
 * evaluation opened first is left out of the answer: the unique openKey (one live alert per condition)
 * and dedupKey (rule, supplier, subject, day) decide, so two workers never both create one. A cause
 * that comes back on a day its earlier alert was opened gets the next occurrence number (|2, |3 …).
 */
export async function openAlerts(
  cs: Array<{ condition: Condition; supplierName: string }>,
  day: string,
  now = new Date(),
): Promise<AlertDoc[]> {
  const opened: AlertDoc[] = [];
  let pending = cs.map((c) => ({ ...c, occurrence: 1 }));
  while (pending.length) {
    const docs = pending.map(({ condition: c, supplierName, occurrence }) => {
      const key = conditionKey(c);
      return {
        _id: new mongoose.Types.ObjectId(),
        dedupKey: `${key}|${day}${occurrence > 1 ? `|${occurrence}` : ''}`,
        conditionKey: key,
        openKey: key,
        topic: c.topic,
        rule: c.rule,
        rules: c.rules,
        supplierId: c.supplierId,
        supplierName,
        severity: c.severity,
        invoiceNumbers: c.invoiceNumbers,
        facts: c.facts,
        harmScore: c.harmScore,
        fingerprint: fingerprintOf(c),
        openedOn: day,
        createdAt: now,
        updatedAt: now,
        state: 'open' as const,
      };
    });
    const again: typeof pending = [];
    const refused = new Set<number>();
    try {
      await AlertModel.collection.insertMany(docs, { ordered: false });
    } catch (e) {
      for (const w of refusedWrites(e, docs.length)) {
        const on = duplicateOn(w);
        if (!on) throw e;
        refused.add(w.index);
        // Opened and resolved earlier today: this is a new alert with the next number. Never more
        // than a few a day; a runaway would mean a bug, so it stops.
        if (on === 'dedupKey' && pending[w.index].occurrence < 20)
          again.push({ ...pending[w.index], occurrence: pending[w.index].occurrence + 1 });
      }
    }
    opened.push(...(docs.filter((_, i) => !refused.has(i)) as unknown as AlertDoc[]));
    pending = again;
  }
  return opened;
}

export async function openAlert(c: Condition, supplierName: string, day: string, now = new Date()): Promise<AlertDoc | null> {
  return (await openAlerts([{ condition: c, supplierName }], day, now))[0] ?? null;
}

/**
 * Keeps live alerts' figures current (only those whose fingerprint changed are written, in one bulk
 * write); a snooze that has run out opens the alert again.
 */
export async function refreshAlerts(pairs: Array<{ alert: LiveAlert; condition: Condition }>, day: string): Promise<number> {
  const now = new Date();
  const ops = [];
  for (const { alert: a, condition: c } of pairs) {
    const snoozeOver = a.state === 'snoozed' && (a.snoozedUntil ?? '') <= day;
    const fingerprint = fingerprintOf(c);
    if (a.fingerprint === fingerprint && !snoozeOver) continue;
    ops.push({
      updateOne: {
        filter: { _id: a._id, state: { $ne: 'resolved' } },
        update: {
          $set: {
            rule: c.rule,
            rules: c.rules,
            facts: c.facts,
            severity: c.severity,
            invoiceNumbers: c.invoiceNumbers,
            harmScore: c.harmScore,
            fingerprint,
            updatedAt: now,
            ...(snoozeOver ? { state: 'open' } : {}),
          },
          ...(snoozeOver ? { $unset: { snoozedUntil: '' } } : {}),
        },
      },
    });
  }
  if (ops.length) await AlertModel.collection.bulkWrite(ops as never, { ordered: false });
  return ops.length;
}

/** Resolves live alerts whose condition cleared; their condition may open a new one later. */
export async function resolveAlerts(ids: Types.ObjectId[], now = new Date()): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await AlertModel.updateMany(
    { _id: { $in: ids }, state: { $ne: 'resolved' } },
    { $set: { state: 'resolved', resolvedAt: now, updatedAt: now }, $unset: { openKey: '' } },
  );
  return r.modifiedCount;
}

export async function resolveByCondition(key: string): Promise<number> {
  const live = await AlertModel.find({ openKey: key }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>();
  return resolveAlerts(live.map((a) => a._id));
}

export async function findAlert(id: string): Promise<AlertDoc | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const a = await AlertModel.findById(id).lean<AlertDoc>();
  return a && current(a);
}

export async function alertsByIds(ids: Types.ObjectId[]): Promise<AlertDoc[]> {
  const docs = await AlertModel.find({ _id: { $in: ids } })
    .sort({ severity: 1, createdAt: 1 })
    .lean<AlertDoc[]>();
  return docs.map(current);
}

export interface AlertFilter {
  states?: AlertState[];
  /** Alerts with this reason among theirs. */
  rule?: RuleId;
  supplierId?: string;
  /** Alerts about these suppliers only (one entity's, in a group). */
  supplierIds?: string[];
  severity?: 'critical' | 'warning';
}

function alertQuery(f: AlertFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (f.states?.length) q.state = { $in: f.states };
  // Alerts stored before alerts had several reasons have only `rule`.
  if (f.rule) q.$or = [{ rules: f.rule }, { rule: f.rule }];
  if (f.supplierIds) q.supplierId = { $in: f.supplierId ? f.supplierIds.filter((id) => id === f.supplierId) : f.supplierIds };
  else if (f.supplierId) q.supplierId = f.supplierId;
  if (f.severity) q.severity = f.severity;
  return q;
}

export async function listAlerts(f: AlertFilter, limit = 500): Promise<AlertDoc[]> {
  const docs = await AlertModel.find(alertQuery(f)).sort({ createdAt: -1 }).limit(limit).lean<AlertDoc[]>();
  return docs.map(current);
}

/**
 * Alerts newest first, a page at a time, as the API's other lists: the cursor is the last alert shown
 * (its time and id), so alerts opened between two pages shift nothing.
 */
export async function alertsPage(
  f: AlertFilter,
  limit: number,
  cursor?: string,
): Promise<{ items: AlertDoc[]; nextCursor: string | null }> {
  const parts = [alertQuery(f)];
  if (cursor) {
    const c = decodeCursor<{ t: number; i: string }>(cursor, (x) => typeof x.t === 'number' && isObjectIdHex(x.i));
    const t = new Date(c.t);
    parts.push({ $or: [{ createdAt: { $lt: t } }, { createdAt: t, _id: { $lt: new Types.ObjectId(c.i) } }] });
  }
  const q = parts.length > 1 ? { $and: parts } : parts[0];
  const docs = await AlertModel.find(q)
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean<AlertDoc[]>();
  const items = docs.slice(0, limit).map(current);
  const last = items[items.length - 1];
  const nextCursor = docs.length > limit && last ? encodeCursor({ t: last.createdAt.getTime(), i: String(last._id) }) : null;
  return { items, nextCursor };
}

/** One supplier's place in the alerts page: whether any of its alerts is critical, and its harm. */
export interface SupplierAlerts {
  supplierId: string;
  supplierName: string;
  critical: boolean;
  harmScore: number;
  alerts: number;
}

/**
 * The suppliers with alerts matching the filter, worst first: those with a critical alert, then by
 * harm score, then by name. Every matching alert is grouped in the database; only the suppliers of
 * the page asked for are then read whole.
 */
export async function suppliersWithAlerts(f: AlertFilter): Promise<SupplierAlerts[]> {
  const groups = await AlertModel.aggregate<{
    _id: string;
    name: string;
    critical: number;
    harm: number;
    n: number;
  }>([
    { $match: alertQuery(f) },
    {
      $group: {
        _id: '$supplierId',
        name: { $first: '$supplierName' },
        critical: { $max: { $cond: [{ $eq: ['$severity', 'critical'] }, 1, 0] } },
        harm: { $max: { $ifNull: ['$harmScore', 0] } },
        n: { $sum: 1 },
      },
    },
  ]);
  return groups
    .map((g) => ({ supplierId: g._id, supplierName: g.name, critical: g.critical === 1, harmScore: g.harm, alerts: g.n }))
    .sort(
      (a, b) =>
        Number(b.critical) - Number(a.critical) ||
        b.harmScore - a.harmScore ||
        a.supplierName.localeCompare(b.supplierName) ||
        a.supplierId.localeCompare(b.supplierId),
    );
}

/** The alerts matching the filter of these suppliers (a page of the alerts page), worst first. */
export async function alertsOfSuppliers(supplierIds: string[], f: AlertFilter): Promise<AlertDoc[]> {
  const docs = await AlertModel.find({ ...alertQuery(f), supplierId: { $in: supplierIds } })
    .sort({ severity: 1, createdAt: -1 })
    .lean<AlertDoc[]>();
  return docs.map(current);
}

/** Acknowledges or snoozes a live alert; null when there is no such live alert. */
export async function actOnAlert(
  id: string,
  action: { kind: 'acknowledge'; by: string } | { kind: 'snooze'; until: string; by: string },
): Promise<AlertDoc | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const now = new Date();
  const set =
    action.kind === 'acknowledge'
      ? { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: action.by, updatedAt: now }
      : { state: 'snoozed', snoozedUntil: action.until, acknowledgedBy: action.by, updatedAt: now };
  const a = await AlertModel.findOneAndUpdate({ _id: id, state: { $ne: 'resolved' } }, { $set: set }, { new: true }).lean<AlertDoc>();
  return a && current(a);
}

/** Open warnings not yet sent in a digest (snoozes that ran out count as open). */
export async function undigestedWarnings(day: string): Promise<AlertDoc[]> {
  const docs = await AlertModel.find({
    severity: 'warning',
    digestedOn: { $exists: false },
    $or: [{ state: 'open' }, { state: 'snoozed', snoozedUntil: { $lte: day } }],
  })
    .sort({ createdAt: 1 })
    .lean<AlertDoc[]>();
  return docs.map(current);
}

export async function markDigested(ids: Types.ObjectId[], day: string): Promise<void> {
  if (ids.length) await AlertModel.updateMany({ _id: { $in: ids } }, { $set: { digestedOn: day } });
}

export async function ruleSettings(): Promise<RuleSettings> {
  const doc = await AlertSettingsModel.findById('rules').lean();
  return withDefaults(doc?.rules as Parameters<typeof withDefaults>[0]);
}

export async function saveRuleSettings(rules: RuleSettings, by: string): Promise<void> {
  await AlertSettingsModel.updateOne({ _id: 'rules' }, { $set: { rules, updatedAt: new Date(), updatedBy: by } }, { upsert: true });
}
