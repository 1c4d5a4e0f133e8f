/**
 * Approving an invoice or scheduling its payment from tijdig (the action an alert asks for), until
 * the next ERP export says the same or otherwise: who did it and when is kept on the invoice.
 */
import { type CalendarDate, isCalendarDate } from '../domain/dates.ts';
import { isCredit, isOpen, resolveInvoice } from '../domain/invoice.ts';
import { invoiceState } from '../domain/invoice-state.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { bumpDataVersion } from '../persistence/data-version/data-version.ts';
import { InvoiceModel } from '../persistence/invoices/invoice.model.ts';
import { invoicesBySupplier } from '../persistence/invoices/invoice.repository.ts';
import { findSupplier } from '../persistence/suppliers/supplier.repository.ts';
import type { OrgSettings } from './org-settings.ts';

export type InvoiceStep = { kind: 'approve' } | { kind: 'schedule'; date: unknown };

export async function takeInvoiceStep(
  supplierId: string,
  invoiceNumber: string,
  step: InvoiceStep,
  by: string,
  today: CalendarDate,
  org: OrgSettings,
): Promise<{ status: 'approved' | 'scheduled'; scheduledDate?: CalendarDate }> {
  const supplier = await findSupplier(supplierId);
  const raw = (await invoicesBySupplier([supplierId])).get(supplierId)?.find((i) => i.invoiceNumber === invoiceNumber);
  if (!supplier || !raw) throw notFound(`no invoice ${invoiceNumber} of supplier ${supplierId}`);
  const inv = resolveInvoice(raw, supplier.paymentTermsDays, org.profile.defaultPaymentTermsDays);
  const state = invoiceState(inv);
  if (!isOpen(inv) || isCredit(inv) || state === 'disputed')
    throw new AppError(
      409,
      'not_payable',
      `invoice ${invoiceNumber} is ${isCredit(inv) ? 'a credit note' : state}: nothing to approve or schedule`,
    );
  let set: { status: 'approved' | 'scheduled'; scheduledDate?: CalendarDate };
  if (step.kind === 'approve') {
    if (state !== 'received') throw new AppError(409, 'approved_already', `invoice ${invoiceNumber} is ${state} already`);
    set = { status: 'approved' };
  } else {
    if (!isCalendarDate(step.date) || step.date < today)
      throw badRequest(`date: the payment date must be a date from today (${today}) on, such as ${today}`);
    set = { status: 'scheduled', scheduledDate: step.date };
  }
  await InvoiceModel.updateOne({ supplierId, invoiceNumber }, { $set: { ...set, statusSetBy: by, statusSetAt: new Date() } });
  await bumpDataVersion();
  return set;
}
