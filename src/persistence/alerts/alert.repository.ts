import mongoose, { type Types } from 'mongoose';
import { type Condition, conditionKey } from '../../domain/alerts/conditions';
import { type RuleId, type RuleSettings, withDefaults } from '../../domain/alerts/rules';
import { type AlertDoc, AlertModel, type AlertState } from './alert.model';
import { AlertSettingsModel } from './settings.model';

const isDuplicate = (e: unknown) => e instanceof mongoose.mongo.MongoServerError && e.code === 11000;

/** The live (not resolved) alerts of these suppliers. */
export async function liveAlerts(supplierIds: string[]): Promise<AlertDoc[]> {
  return AlertModel.find({ supplierId: { $in: supplierIds }, state: { $ne: 'resolved' } }).lean<AlertDoc[]>();
}

/**
 * Opens an alert for each condition that has no live one. Conditions another evaluation opened first
 * are left out of the answer: the unique keys (dedupKey, openKey) decide, so two workers never both
 * create one. Written in one unordered insert, with each condition's occurrence counted in one read.
 */
export async function openAlerts(
  cs: Array<{ condition: Condition; supplierName: string }>,
  day: string,
  now = new Date(),
): Promise<AlertDoc[]> {
  if (cs.length === 0) return [];
  const keys = cs.map((c) => conditionKey(c.condition));
  const earlier = new Map<string, number>();
  for (const a of await AlertModel.collection.find({ conditionKey: { $in: keys } }, { projection: { _id: 0, conditionKey: 1 } }).toArray())
    earlier.set(a.conditionKey, (earlier.get(a.conditionKey) ?? 0) + 1);
  const docs = cs.map(({ condition: c, supplierName }, i) => ({
    _id: new mongoose.Types.ObjectId(),
    dedupKey: `${keys[i]}|${day}|${(earlier.get(keys[i]) ?? 0) + 1}`,
    conditionKey: keys[i],
    openKey: keys[i],
    rule: c.rule,
    supplierId: c.supplierId,
    supplierName,
    severity: c.severity,
    invoiceNumbers: c.invoiceNumbers,
    facts: c.facts,
    openedOn: day,
    createdAt: now,
    updatedAt: now,
    state: 'open' as const,
  }));
  let refused = new Set<number>();
  try {
    await AlertModel.collection.insertMany(docs, { ordered: false });
  } catch (e) {
    if (!(e instanceof mongoose.mongo.MongoBulkWriteError)) throw e;
    const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
    if (errors.some((w) => w.code !== 11000)) throw e;
    refused = new Set(errors.map((w) => w.index));
  }
  return docs.filter((_, i) => !refused.has(i)) as unknown as AlertDoc[];
}

export async function openAlert(c: Condition, supplierName: string, day: string, now = new Date()): Promise<AlertDoc | null> {
  return (await openAlerts([{ condition: c, supplierName }], day, now))[0] ?? null;
}

/**
 * Keeps live alerts' figures current (only those that changed are written, in one bulk write); a
 * snooze that has run out opens the alert again.
 */
export async function refreshAlerts(pairs: Array<{ alert: AlertDoc; condition: Condition }>, day: string): Promise<number> {
  const now = new Date();
  const ops = [];
  for (const { alert: a, condition: c } of pairs) {
    const snoozeOver = a.state === 'snoozed' && (a.snoozedUntil ?? '') <= day;
    const changed =
      JSON.stringify(a.facts) !== JSON.stringify(c.facts) ||
      a.severity !== c.severity ||
      a.invoiceNumbers.join('\n') !== c.invoiceNumbers.join('\n');
    if (!changed && !snoozeOver) continue;
    ops.push({
      updateOne: {
        filter: { _id: a._id, state: { $ne: 'resolved' } },
        update: {
          $set: {
            facts: c.facts,
            severity: c.severity,
            invoiceNumbers: c.invoiceNumbers,
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
