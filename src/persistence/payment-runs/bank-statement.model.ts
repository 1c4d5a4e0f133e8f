import mongoose, { Schema, type Types } from 'mongoose';

/** A debit of a statement that paid invoices, or one left for a person to look at. */
export interface StatementLineDoc {
  at: string;
  bookingDate: string;
  amount: number;
  currency: string;
  endToEndId: string | null;
  creditorName: string | null;
  creditorIban: string | null;
  remittance: string;
  /** run: by a run's end-to-end id; invoices: by IBAN, amount and invoice numbers; none: not matched. */
  by: 'run' | 'invoices' | 'none';
  runId?: string;
  paid?: Array<{ supplierId: string; invoiceNumber: string; amount: number; full: boolean }>;
  reason?: string;
}

/**
 * An imported bank statement (camt.053): one per account and statement id, so the same statement
 * imported twice is refused and changes nothing.
 */
export interface BankStatementDoc {
  _id: Types.ObjectId;
  iban: string;
  statementId: string;
  messageId: string;
  version: string;
  fileName: string;
  importedBy: string;
  importedAt: Date;
  counts: { entries: number; debits: number; matched: number; partial: number; unmatched: number; ignored: number; invoicesPaid: number };
  lines: StatementLineDoc[];
  /** What each invoice it paid stands at afterwards (absolute, so writing it twice is harmless). */
  paidInvoices: Array<{ supplierId: string; invoiceNumber: string; paidDate: string; paidAmount: number }>;
  /** Set once everything it paid is written. */
  appliedAt?: Date;
}

const schema = new Schema<BankStatementDoc>(
  {
    iban: { type: String, required: true },
    statementId: { type: String, required: true },
    messageId: { type: String, required: true },
    version: { type: String, required: true },
    fileName: { type: String, required: true },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    lines: { type: Schema.Types.Mixed, default: [] },
    paidInvoices: { type: Schema.Types.Mixed, default: [] },
    appliedAt: Date,
  },
  { versionKey: false, minimize: false },
);

schema.index({ iban: 1, statementId: 1 }, { unique: true });
schema.index({ importedAt: -1 });

export const BankStatementModel = mongoose.model<BankStatementDoc>('BankStatement', schema, 'bankStatements');
