/** The status page's "ask about an invoice" form: what was typed, checked field by field. */
import type { MessageKind } from '../../persistence/supplier-messages/supplier-message.model.ts';
import type { Locale } from '../i18n/locale.ts';
import { type AskForm, MESSAGE_MAX } from '../view-models/status-view.ts';
import type { FieldError } from '../views/layout.tsx';
import { readInvoiceFields, text } from './fields.ts';

export interface AskMessage {
  kind: MessageKind;
  invoiceNumber: string | null;
  invoiceDate: string | null;
  amount: number | null;
  message: string;
}

/** The form as typed (to show again) and, when every field is right, the message to store. */
export function readAskForm(body: unknown, l: Locale): { form: AskForm; ok: AskMessage | null } {
  const s = l.t.status;
  const kind = text(body, 'kind');
  const message = text(body, 'message');
  const invoice = readInvoiceFields(body, l, false);
  const values = { kind, ...invoice.values, message };
  const errors: FieldError[] = [];
  if (kind !== 'question' && kind !== 'missing') errors.push({ field: 'kind', message: s.askErrKind });
  // A missing invoice needs its number to be found; a question may be about the list as a whole.
  if (kind === 'missing' && !invoice.invoiceNumber) errors.push({ field: 'invoiceNumber', message: s.askErrNumber });
  errors.push(...invoice.errors);
  if (!values.message) errors.push({ field: 'message', message: s.askErrMessage });
  if (values.message.length > MESSAGE_MAX) errors.push({ field: 'message', message: s.askErrMessageLong(MESSAGE_MAX) });
  const form = { values, errors, sent: false };
  if (errors.length) return { form, ok: null };
  return {
    form,
    ok: {
      kind: kind as MessageKind,
      invoiceNumber: invoice.invoiceNumber || null,
      invoiceDate: invoice.invoiceDate,
      amount: invoice.amount,
      message,
    },
  };
}
