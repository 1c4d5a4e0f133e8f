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

export interface PaidInvoice {
  supplierId: string;
  invoiceNumber: string;
  paidDate: string;
  paidAmount: number;
}

/**
 * An imported bank statement (camt.053): one per account and statement id, so the same statement
 * imported twice is refused and changes nothing. Its lines and what it paid are documents of their
 * own (bank-statement.repository.ts puts them together): a statement of 50,000 entries is far past
 * MongoDB's 16 MB for one document.
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
  paidInvoices: PaidInvoice[];
  /** Set once everything it paid is written. */
  appliedAt?: Date;
}

const schema = new Schema<Omit<BankStatementDoc, 'lines' | 'paidInvoices'>>(
  {
    iban: { type: String, required: true },
    statementId: { type: String, required: true },
    messageId: { type: String, required: true },
    version: { type: String, required: true },
    fileName: { type: String, required: true },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    appliedAt: Date,
  },
  { versionKey: false, minimize: false },
);

schema.index({ iban: 1, statementId: 1 }, { unique: true });
schema.index({ importedAt: -1 });

export const BankStatementModel = mongoose.model<Omit<BankStatementDoc, 'lines' | 'paidInvoices'>>(
  'BankStatement',
  schema,
  'bankStatements',
);

/** A statement's lines, in file order (`n`), and the invoices it paid: stored before the statement itself. */
const lineSchema = new Schema(
  { statement: { type: Schema.Types.ObjectId, required: true }, n: Number },
  { strict: false, versionKey: false },
);
lineSchema.index({ statement: 1, n: 1 });
export const StatementLineModel = mongoose.model('BankStatementLine', lineSchema, 'bankStatementLines');

const paidSchema = new Schema({ statement: { type: Schema.Types.ObjectId, required: true } }, { strict: false, versionKey: false });
paidSchema.index({ statement: 1 });
export const StatementPaidModel = mongoose.model('BankStatementPaid', paidSchema, 'bankStatementPaid');
