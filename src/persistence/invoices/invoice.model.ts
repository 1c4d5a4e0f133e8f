import mongoose, { Schema } from 'mongoose';
import { INVOICE_STATUSES, type InvoiceInput } from '../../domain/invoice.ts';

const date = { type: String, match: /^\d{4}-\d{2}-\d{2}$/ };
const minor = { type: Number, validate: { validator: Number.isSafeInteger, message: 'must be a whole number of minor units' } };

/**
 * Invoices as imported. Dates are calendar-date strings (YYYY-MM-DD): no time of day, no zone, and
 * they sort correctly as strings. Money is integer minor units. Derived dates (due date from terms)
 * are not stored: they follow the supplier's current terms.
 */
export interface InvoiceDoc extends InvoiceInput {
  buyerReference?: string;
  correctsInvoice?: string;
  /** The import that inserted it. */
  importId?: string;
  /** The last import that changed it (what keeps a resumed import's counts exact). */
  lastImportId?: string;
  updatedAt?: Date;
  /** Made up by `tijdig demo` (sample data). */
  sample?: boolean;
  /** Approved or scheduled in tijdig (not by an import): by whom and when. */
  statusSetBy?: string;
  statusSetAt?: Date;
  /** The bank statement that set the payment date. */
  paidStatementId?: string;
  /** The payment run that scheduled it (approval), undone when the run is cancelled. */
  scheduledByRun?: string;
}

const schema = new Schema<InvoiceDoc>(
  {
    supplierId: { type: String, required: true },
    invoiceNumber: { type: String, required: true },
    issueDate: { ...date, required: true },
    receivedDate: date,
    dueDate: date,
    amount: { ...minor, required: true },
    currency: { type: String, required: true, match: /^[A-Z]{3}$/ },
    paidDate: date,
    paidAmount: minor,
    status: { type: String, enum: INVOICE_STATUSES },
    disputeReason: String,
    scheduledDate: date,
    disputedSince: date,
    poNumber: String,
    paymentReference: String,
    /** BT-10 of an e-invoice, or a file's buyer-reference column. */
    buyerReference: String,
    /** The invoice a credit note corrects, where the file or e-invoice says. */
    correctsInvoice: String,
    /** The legal entity's code, when the file named one. */
    entity: String,
    paidFrom: { type: String, enum: ['bank'] },
    paidStatementId: String,
    scheduledByRun: String,
    importId: String,
    lastImportId: String,
    sample: Boolean,
    statusSetBy: String,
    statusSetAt: Date,
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false },
);

// The natural key: upserts by (supplierId, invoiceNumber), and every per-supplier load (prefix).
schema.index({ supplierId: 1, invoiceNumber: 1 }, { unique: true });
// The supplier's invoice lookup without a link (/lookup): by invoice number alone, across suppliers.
schema.index({ invoiceNumber: 1 });

export const InvoiceModel = mongoose.model<InvoiceDoc>('Invoice', schema, 'invoices');
