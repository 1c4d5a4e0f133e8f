/** Questions and missing-invoice reports suppliers send from their status page. */
import type { Types } from 'mongoose';
import { formatMinor } from '../domain/money.ts';
import { notFound } from '../errors.ts';
import type { MessageKind, SupplierMessageDoc } from '../persistence/supplier-messages/supplier-message.model.ts';
import {
  insertSupplierMessage,
  listSupplierMessages,
  markMessageHandled,
} from '../persistence/supplier-messages/supplier-message.repository.ts';
import { messageHandled } from './alerts/manage.ts';

export interface IncomingMessage {
  supplierId: string;
  linkId: Types.ObjectId;
  kind: MessageKind;
  invoiceNumber: string | null;
  invoiceDate: string | null;
  amount: number | null;
  message: string;
}

export async function recordSupplierMessage(m: IncomingMessage, baseCurrency: string): Promise<SupplierMessageDoc> {
  // The amount is read in the organisation's base currency: the form has no currency field.
  return insertSupplierMessage({ ...m, currency: m.amount === null ? null : baseCurrency, createdAt: new Date() });
}

export async function supplierMessages(filter: { supplierId?: string; open?: boolean }): Promise<SupplierMessageDoc[]> {
  return listSupplierMessages(filter);
}

/** Marks a message handled; with a supplier id, only a message of that supplier. */
export async function handleSupplierMessage(id: string, by: string, supplierId?: string): Promise<SupplierMessageDoc> {
  const m = await markMessageHandled(id, by, supplierId);
  if (!m) throw notFound(`no supplier message ${id}`);
  // Its alert is answered too.
  await messageHandled(m);
  return m;
}

export function supplierMessageJson(m: SupplierMessageDoc) {
  return {
    id: String(m._id),
    supplierId: m.supplierId,
    linkId: String(m.linkId),
    kind: m.kind,
    invoiceNumber: m.invoiceNumber,
    invoiceDate: m.invoiceDate,
    amount: m.amount === null || m.currency === null ? null : { [m.currency]: formatMinor(m.amount, m.currency) },
    message: m.message,
    createdAt: m.createdAt,
    handledAt: m.handledAt ?? null,
    handledBy: m.handledBy ?? null,
  };
}
