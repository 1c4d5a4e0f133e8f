import mongoose, { type Types } from 'mongoose';
import { type Condition, conditionKey, fingerprintOf } from '../../domain/alerts/conditions.ts';
import { type RuleId, type RuleSettings, withDefaults } from '../../domain/alerts/rules.ts';
import { type AlertDoc, AlertModel, type AlertState, LIVE_STATES } from './alert.model.ts';
import { AlertSettingsModel } from './settings.model.ts';

/** What an evaluation needs of a live alert: which condition, its state, and a fingerprint of its figures. */
export type LiveAlert = Pick<AlertDoc, '_id' | 'conditionKey' | 'rule' | 'supplierId' | 'state' | 'snoozedUntil' | 'fingerprint'>;

/** The live (not resolved) alerts of these suppliers, without their figures. */
export async function liveAlerts(supplierIds: string[]): Promise<LiveAlert[]> {
  return AlertModel.collection
    .find(
      { supplierId: { $in: supplierIds }, state: { $in: LIVE_STATES } },
      { projection: { conditionKey: 1, rule: 1, supplierId: 1, state: 1, snoozedUntil: 1, fingerprint: 1 } },
    )
    .toArray() as unknown as Promise<LiveAlert[]>;
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
        rule: c.rule,
        supplierId: c.supplierId,
        supplierName,
        severity: c.severity,
        invoiceNumbers: c.invoiceNumbers,
        facts: c.facts,
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
      if (!(e instanceof mongoose.mongo.MongoBulkWriteError)) throw e;
      const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
      for (const w of errors) {
        const on = duplicateOn(w as { code?: number; errmsg?: string });
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
            facts: c.facts,
            severity: c.severity,
            invoiceNumbers: c.invoiceNumbers,
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
  return AlertModel.findById(id).lean<AlertDoc>();
}

export async function alertsByIds(ids: Types.ObjectId[]): Promise<AlertDoc[]> {
  return AlertModel.find({ _id: { $in: ids } })
    .sort({ severity: 1, createdAt: 1 })
    .lean<AlertDoc[]>();
}

export interface AlertFilter {
  states?: AlertState[];
  rule?: RuleId;
  supplierId?: string;
}

export async function listAlerts(f: AlertFilter, limit = 500): Promise<AlertDoc[]> {
  const q: Record<string, unknown> = {};
  if (f.states?.length) q.state = { $in: f.states };
  if (f.rule) q.rule = f.rule;
  if (f.supplierId) q.supplierId = f.supplierId;
  return AlertModel.find(q).sort({ createdAt: -1 }).limit(limit).lean<AlertDoc[]>();
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
  return AlertModel.findOneAndUpdate({ _id: id, state: { $ne: 'resolved' } }, { $set: set }, { new: true }).lean<AlertDoc>();
}

/** Open warnings not yet sent in a digest (snoozes that ran out count as open). */
export async function undigestedWarnings(day: string): Promise<AlertDoc[]> {
  return AlertModel.find({
    severity: 'warning',
    digestedOn: { $exists: false },
    $or: [{ state: 'open' }, { state: 'snoozed', snoozedUntil: { $lte: day } }],
  })
    .sort({ createdAt: 1 })
    .lean<AlertDoc[]>();
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
