import mongoose, { Schema, type Types } from 'mongoose';
import type { PaymentReason } from '../../domain/payment-run.ts';
import { type Actor, RUN_STATES, type RunState } from '../../domain/payment-runs/run-state.ts';
import type { InterestLine, Transfer } from '../../domain/payment-runs/transfers.ts';
import type { ProposalFigures } from '../../presentation/payment-run.ts';

export interface InvoiceKey {
  supplierId: string;
  invoiceNumber: string;
}

/** One invoice a run pays, as it was proposed, and what its status was before the run scheduled it. */
export interface RunPaymentDoc extends InvoiceKey {
  name: string;
  iban: string | null;
  amount: number;
  dueDate: string;
  daysOverdue: number;
  harmRemoved: number;
  /** In English, for the API; `why` has the facts for any language. */
  reason: string;
  why: PaymentReason;
  mustPay: boolean;
  paymentReference: string | null;
  /** The invoice's own status and payment date before approval set them to "scheduled" (restored on cancel). */
  before?: { status: string | null; scheduledDate: string | null };
}

export interface RunTransferDoc extends Transfer {
  /** The bank statement entry that confirmed it. */
  confirmed?: { statementId: string; at: string; bookingDate: string; amount: number };
}

export interface RunOptions {
  budget: number;
  approvedOnly: boolean;
  supplierCap: number | null;
  /** Added by hand: paid whatever the proposal would choose. */
  mustPay: InvoiceKey[];
  /** Dropped by hand: never in this run. */
  dropped: InvoiceKey[];
  payInterest: boolean;
  grouping: 'supplier' | 'invoice';
}

/**
 * A saved payment run: its proposal as drafted, its transfers (what the bank file holds), and who
 * did what and when. Frozen once approved: `contentHash` is checked before every export.
 */
export interface PaymentRunDoc {
  _id: Types.ObjectId;
  state: RunState;
  currency: string;
  asOf: string;
  payDate: string;
  options: RunOptions;
  payments: RunPaymentDoc[];
  interest: InterestLine[];
  transfers: RunTransferDoc[];
  /** Suppliers whose transfers cannot go in a SEPA file (no valid IBAN), listed, never dropped silently. */
  unpayable: Array<{ supplierId: string; name: string; iban: string | null; reason: string }>;
  /** The proposal's figures (harm removed, before/after, the simple rules), in minor units. */
  figures: ProposalFigures;
  draftedBy: Actor;
  approvals: Actor[];
  approvalsNeeded: number;
  contentHash?: string;
  exports: Array<Actor & { format: 'pain.001' | 'csv' }>;
  /** The bank file's message id and creation time, fixed at the first export so a re-download is the same file. */
  bankFile?: { messageId: string; createdAt: string };
  cancelled?: Actor;
  /** When the remittance advice was planned (once). */
  remittancePlannedAt?: Date;
  sample?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const actor = { userId: String, email: String, at: Date, _id: false };

const schema = new Schema<PaymentRunDoc>(
  {
    state: { type: String, enum: RUN_STATES, required: true },
    currency: { type: String, required: true, match: /^[A-Z]{3}$/ },
    asOf: { type: String, required: true },
    payDate: { type: String, required: true },
    options: { type: Schema.Types.Mixed, required: true },
    payments: { type: Schema.Types.Mixed, default: [] },
    interest: { type: Schema.Types.Mixed, default: [] },
    transfers: { type: Schema.Types.Mixed, default: [] },
    unpayable: { type: Schema.Types.Mixed, default: [] },
    figures: { type: Schema.Types.Mixed, default: {} },
    draftedBy: { type: actor, required: true },
    approvals: { type: [actor], default: [] },
    approvalsNeeded: { type: Number, required: true, min: 1, max: 2 },
    contentHash: String,
    exports: { type: [{ ...actor, format: String }], default: [] },
    bankFile: { type: { messageId: String, createdAt: String, _id: false } },
    cancelled: { type: actor },
    remittancePlannedAt: Date,
    sample: Boolean,
  },
  { timestamps: true, versionKey: false, minimize: false },
);

// The run list, newest first.
schema.index({ createdAt: -1 });
// A statement's end-to-end ids find their run.
schema.index({ 'transfers.endToEndId': 1 });

export const PaymentRunModel = mongoose.model<PaymentRunDoc>('PaymentRun', schema, 'paymentRuns');
