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
 * Opens an alert for a condition, unless one is live for it already. Returns null when another
 * evaluation got there first (the unique keys decide, so two workers never both create it).
 */
export async function openAlert(c: Condition, supplierName: string, day: string, now = new Date()): Promise<AlertDoc | null> {
  const key = conditionKey(c);
  const occurrence = (await AlertModel.countDocuments({ conditionKey: key })) + 1;
  const doc = {
    dedupKey: `${key}|${day}|${occurrence}`,
    conditionKey: key,
    openKey: key,
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
  };
  try {
    const [created] = await AlertModel.insertMany([doc], { lean: true });
    return created as unknown as AlertDoc;
  } catch (e) {
    if (isDuplicate(e)) return null;
    throw e;
  }
}

/** Keeps a live alert's figures current; a snooze that has run out opens it again. */
export async function refreshAlert(a: AlertDoc, c: Condition, day: string): Promise<void> {
  const snoozeOver = a.state === 'snoozed' && (a.snoozedUntil ?? '') <= day;
  const changed =
    JSON.stringify(a.facts) !== JSON.stringify(c.facts) ||
    a.severity !== c.severity ||
    a.invoiceNumbers.join('\n') !== c.invoiceNumbers.join('\n');
  if (!changed && !snoozeOver) return;
  await AlertModel.updateOne(
    { _id: a._id, state: { $ne: 'resolved' } },
    {
      $set: {
        facts: c.facts,
        severity: c.severity,
        invoiceNumbers: c.invoiceNumbers,
        updatedAt: new Date(),
        ...(snoozeOver ? { state: 'open' } : {}),
      },
      ...(snoozeOver ? { $unset: { snoozedUntil: '' } } : {}),
    },
  );
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
