import mongoose, { Types } from 'mongoose';
import type { PaidBefore } from '../../domain/payment-runs/interest-owed.ts';
import type { Actor, RunState } from '../../domain/payment-runs/run-state.ts';
import { type PaymentRunDoc, PaymentRunModel } from './payment-run.model.ts';

const key = (supplierId: string, invoiceNumber: string) => `${supplierId}\u0000${invoiceNumber}`;

/** Runs whose interest counts as paid (or on its way): approved and later, not cancelled. */
const COMMITTED: RunState[] = ['approved', 'exported', 'paid-in-part', 'paid'];

export async function insertRun(
  doc: Omit<PaymentRunDoc, '_id' | 'createdAt' | 'updatedAt'> & { _id?: Types.ObjectId },
): Promise<PaymentRunDoc> {
  const created = await PaymentRunModel.create(doc);
  return created.toObject() as PaymentRunDoc;
}

export async function findRun(id: string): Promise<PaymentRunDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return PaymentRunModel.findById(id).lean<PaymentRunDoc>();
}

/** The newest runs first, a page at a time (`before`: the last id of the previous page). */
export async function listRuns(limit: number, before?: string): Promise<PaymentRunDoc[]> {
  const q = before && Types.ObjectId.isValid(before) ? { _id: { $lt: new Types.ObjectId(before) } } : {};
  return PaymentRunModel.find(q, { payments: 0, interest: 0, figures: 0 }).sort({ _id: -1 }).limit(limit).lean<PaymentRunDoc[]>();
}

/** Replaces a draft's content; null when it is no longer a draft (someone approved or cancelled it first). */
export async function replaceDraft(id: Types.ObjectId, set: Partial<PaymentRunDoc>): Promise<PaymentRunDoc | null> {
  return PaymentRunModel.findOneAndUpdate(
    { _id: id, state: 'draft' },
    { $set: { ...set, approvals: [] } },
    { new: true },
  ).lean<PaymentRunDoc>();
}

/**
 * Adds an approval to a draft, only if it is still a draft and the approver neither drafted it nor
 * approved it already (checked in the write itself, so two approvals at once cannot pass one check).
 */
export async function addApproval(id: Types.ObjectId, actor: Actor): Promise<PaymentRunDoc | null> {
  return PaymentRunModel.findOneAndUpdate(
    { _id: id, state: 'draft', 'draftedBy.userId': { $ne: actor.userId }, 'approvals.userId': { $ne: actor.userId } },
    { $push: { approvals: actor } },
    { new: true },
  ).lean<PaymentRunDoc>();
}

/** Moves a run on, only from the state it was read in. */
export async function moveRun(id: Types.ObjectId, from: RunState[], set: Partial<PaymentRunDoc>): Promise<PaymentRunDoc | null> {
  return PaymentRunModel.findOneAndUpdate({ _id: id, state: { $in: from } }, { $set: set }, { new: true }).lean<PaymentRunDoc>();
}

export async function recordExport(
  id: Types.ObjectId,
  entry: PaymentRunDoc['exports'][number],
  set: Partial<PaymentRunDoc>,
): Promise<PaymentRunDoc | null> {
  return PaymentRunModel.findOneAndUpdate(
    { _id: id, state: { $in: ['approved', 'exported', 'paid-in-part', 'paid'] } },
    { $push: { exports: entry }, $set: set },
    { new: true },
  ).lean<PaymentRunDoc>();
}

/** Marks the remittance advice planned, once: true for the caller that did it. */
export async function claimRemittance(id: Types.ObjectId): Promise<boolean> {
  const r = await PaymentRunModel.updateOne({ _id: id, remittancePlannedAt: null }, { $set: { remittancePlannedAt: new Date() } });
  return r.modifiedCount === 1;
}

/** Interest and compensation runs not cancelled have paid (or will pay) per invoice; `except` leaves one run out. */
export async function interestPaidBefore(
  keys: Array<{ supplierId: string; invoiceNumber: string }>,
  except?: Types.ObjectId,
): Promise<Map<string, PaidBefore>> {
  const out = new Map<string, PaidBefore>();
  if (keys.length === 0) return out;
  const numbers = [...new Set(keys.map((k) => k.invoiceNumber))];
  const runs = await PaymentRunModel.find(
    { state: { $in: COMMITTED }, 'interest.invoiceNumber': { $in: numbers }, ...(except ? { _id: { $ne: except } } : {}) },
    { interest: 1 },
  ).lean<Array<Pick<PaymentRunDoc, 'interest'>>>();
  for (const run of runs)
    for (const l of run.interest) {
      const k = key(l.supplierId, l.invoiceNumber);
      const b = out.get(k) ?? { interest: 0, compensation: 0 };
      out.set(k, { interest: b.interest + l.interest, compensation: b.compensation + l.compensation });
    }
  return out;
}

/** Interest paid on a supplier's invoices by runs that went to the bank, for its status page. */
export async function interestPaidTo(
  supplierId: string,
): Promise<Array<{ invoiceNumber: string; interest: number; compensation: number; payDate: string; currency: string }>> {
  const runs = await PaymentRunModel.find(
    { state: { $in: ['exported', 'paid-in-part', 'paid'] }, 'interest.supplierId': supplierId },
    { interest: 1, payDate: 1, currency: 1 },
  ).lean<Array<Pick<PaymentRunDoc, 'interest' | 'payDate' | 'currency'>>>();
  return runs.flatMap((r) =>
    r.interest.filter((l) => l.supplierId === supplierId).map((l) => ({ ...l, payDate: r.payDate, currency: r.currency })),
  );
}

/** The exported runs holding these end-to-end ids. */
export async function runsByEndToEndIds(ids: string[]): Promise<PaymentRunDoc[]> {
  if (ids.length === 0) return [];
  return PaymentRunModel.find({ state: { $in: ['exported', 'paid-in-part', 'paid'] }, 'transfers.endToEndId': { $in: ids } }).lean<
    PaymentRunDoc[]
  >();
}

/** Records a statement's confirmations on a run's transfers and the state they leave it in. */
export async function confirmTransfers(
  id: Types.ObjectId,
  confirmed: Map<string, NonNullable<PaymentRunDoc['transfers'][number]['confirmed']>>,
  state: RunState,
): Promise<void> {
  const set: Record<string, unknown> = { state };
  const run = await PaymentRunModel.findById(id, { transfers: 1 }).lean<PaymentRunDoc>();
  run?.transfers.forEach((t, i) => {
    const c = confirmed.get(t.endToEndId);
    if (c) set[`transfers.${i}.confirmed`] = c;
  });
  await PaymentRunModel.updateOne({ _id: id }, { $set: set });
}

export const runObjectId = (id: string) => new mongoose.Types.ObjectId(id);
