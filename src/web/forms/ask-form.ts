/** The status page's "ask about an invoice" form: what was typed, checked field by field. */
import type { MessageKind } from '../../persistence/supplier-messages/supplier-message.model';
import type { Locale } from '../i18n/locale';
import { type AskForm, INVOICE_NUMBER_MAX, MESSAGE_MAX } from '../view-models/status-view';
import type { FieldError } from '../views/layout';
import { formAmount, formDate, text } from './fields';

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
  const values = {
    kind: text(body, 'kind'),
    invoiceNumber: text(body, 'invoiceNumber'),
    invoiceDate: text(body, 'invoiceDate'),
    amount: text(body, 'amount'),
    message: text(body, 'message'),
  };
  const errors: FieldError[] = [];
  if (values.kind !== 'question' && values.kind !== 'missing') errors.push({ field: 'kind', message: s.askErrKind });
  // A missing invoice needs its number to be found; a question may be about the list as a whole.
  if (values.kind === 'missing' && !values.invoiceNumber) errors.push({ field: 'invoiceNumber', message: s.askErrNumber });
  if (values.invoiceNumber.length > INVOICE_NUMBER_MAX)
    errors.push({ field: 'invoiceNumber', message: s.askErrNumberLong(INVOICE_NUMBER_MAX) });
  const invoiceDate = values.invoiceDate ? formDate(values.invoiceDate) : null;
  if (values.invoiceDate && !invoiceDate) errors.push({ field: 'invoiceDate', message: s.askErrDate });
  const amount = formAmount(values.amount, l.lang);
  if (values.amount && amount === null) errors.push({ field: 'amount', message: s.askErrAmount });
  if (!values.message) errors.push({ field: 'message', message: s.askErrMessage });
  if (values.message.length > MESSAGE_MAX) errors.push({ field: 'message', message: s.askErrMessageLong(MESSAGE_MAX) });
  const form = { values, errors, sent: false };
  if (errors.length) return { form, ok: null };
  return {
    form,
    ok: {
      kind: values.kind as MessageKind,
      invoiceNumber: values.invoiceNumber || null,
      invoiceDate,
      amount,
      message: values.message,
    },
  };
}
