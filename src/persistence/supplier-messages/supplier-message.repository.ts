import { Types } from 'mongoose';
import { type SupplierMessageDoc, SupplierMessageModel } from './supplier-message.model.ts';

export async function insertSupplierMessage(m: Omit<SupplierMessageDoc, '_id'>): Promise<SupplierMessageDoc> {
  return (await SupplierMessageModel.create(m)).toObject();
}

export async function listSupplierMessages(filter: { supplierId?: string; open?: boolean }, limit = 200): Promise<SupplierMessageDoc[]> {
  const q: Record<string, unknown> = {};
  if (filter.supplierId !== undefined) q.supplierId = filter.supplierId;
  if (filter.open) q.handledAt = { $exists: false };
  return SupplierMessageModel.find(q).sort({ createdAt: -1 }).limit(limit).lean<SupplierMessageDoc[]>();
}

export async function markMessageHandled(
  id: string,
  by: string,
  supplierId?: string,
  now = new Date(),
): Promise<SupplierMessageDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const scope = supplierId === undefined ? {} : { supplierId };
  await SupplierMessageModel.updateOne({ _id: id, ...scope, handledAt: { $exists: false } }, { $set: { handledAt: now, handledBy: by } });
  return SupplierMessageModel.findOne({ _id: id, ...scope }).lean<SupplierMessageDoc>();
}

export async function findSupplierMessage(id: string): Promise<SupplierMessageDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return SupplierMessageModel.findById(id).lean<SupplierMessageDoc>();
}
