/**
 * Payment runs kept: a proposal saved as a draft, adjusted by hand (an invoice dropped or added, the
 * figures proposed again), approved by others than its drafter, or cancelled. Approval schedules the
 * run's invoices for its pay date (suppliers see it on their status page); cancelling undoes that.
 */
import { Types } from 'mongoose';
import type { CalendarDate } from '../../domain/dates.ts';
import { lawFor } from '../../domain/entity.ts';
import { isValidIban } from '../../domain/iban.ts';
import { isOpen, outstanding } from '../../domain/invoice.ts';
import type { PaymentRunProposal } from '../../domain/payment-run.ts';
import { interestOwed } from '../../domain/payment-runs/interest-owed.ts';
import {
  type Actor,
  approvalRefusal,
  cancelRefusal,
  changeRefusal,
  contentHash,
  type Refusal,
} from '../../domain/payment-runs/run-state.ts';
import { type InterestLine, runTransfers, type Transfer, type TransferWords } from '../../domain/payment-runs/transfers.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { bumpDataVersion } from '../../persistence/data-version/data-version.ts';
import { type InvoiceDoc, InvoiceModel } from '../../persistence/invoices/invoice.model.ts';
import { invoicesByKeys } from '../../persistence/invoices/invoice.repository.ts';
import type { InvoiceKey, PaymentRunDoc, RunOptions, RunPaymentDoc } from '../../persistence/payment-runs/payment-run.model.ts';
import {
  addApproval,
  findRun,
  insertRun,
  interestPaidBefore,
  moveRun,
  replaceDraft,
} from '../../persistence/payment-runs/payment-run.repository.ts';
import { runSettings } from '../../persistence/payment-runs/run-settings.model.ts';
import { proposalFigures, reasonText } from '../../presentation/payment-run.ts';
import type { OrgSettings } from '../org-settings.ts';
import { currentRunInputs, proposeFrom, type RunInputs } from './proposal.ts';

export interface DraftRequest extends Omit<RunOptions, 'grouping'> {
  currency: string;
  asOf: CalendarDate;
  payDate: CalendarDate;
}

/** A proposal with what a run adds to it: the interest it pays, its transfers, who cannot be paid by SEPA. */
export interface Draft {
  request: DraftRequest;
  proposal: PaymentRunProposal;
  interest: InterestLine[];
  transfers: Transfer[];
  unpayable: PaymentRunDoc['unpayable'];
}

export interface RunDeps {
  org: OrgSettings;
  /** The remittance words of the organisation's language ("Invoices", "Facturen"). */
  words: TransferWords;
  /** Recomputes these suppliers (their figures and alerts follow the run). */
  recomputeSuppliers: (supplierIds: string[]) => Promise<void>;
}

const refused = (r: Refusal | null) => {
  if (r) throw new AppError(409, r.code, r.message);
};

const keyOf = (k: InvoiceKey) => `${k.supplierId}\u0000${k.invoiceNumber}`;

/** Proposes the run the request describes; with `runId` its transfers get the run's end-to-end ids. */
export async function draftRun(
  request: DraftRequest,
  deps: RunDeps,
  runId = 'DRAFT',
  inputs?: RunInputs,
  except?: Types.ObjectId,
): Promise<Draft> {
  if (!/^[A-Z]{3}$/.test(request.currency)) throw badRequest(`currency: ${request.currency} is not an ISO 4217 code such as EUR`);
  const settings = await runSettings();
  const data = inputs ?? (await currentRunInputs(deps.org));
  const proposal = proposeFrom(
    data,
    {
      budgets: { [request.currency]: request.budget },
      approvedOnly: request.approvedOnly,
      supplierCap: request.supplierCap === null ? undefined : { [request.currency]: request.supplierCap },
      mustPay: request.mustPay,
      exclude: request.dropped,
    },
    { asOf: request.asOf, payDate: request.payDate },
    deps.org,
  );
  let interest: InterestLine[] = [];
  if (request.payInterest && proposal.payments.length) {
    const paid = new Set(proposal.payments.map(keyOf));
    const before = await interestPaidBefore(proposal.payments, except);
    const ctx = { payDate: request.payDate, regime: deps.org.regime, rates: data.rates, fx: deps.org.fx };
    // Each invoice's interest under its entity's law (a group's), else the organisation's.
    interest = data.invoices
      .filter((inv) => paid.has(keyOf(inv)))
      .map((inv) => {
        const { regime, rates } = lawFor(data.laws, inv.entity, ctx);
        const line = interestOwed(inv, { ...ctx, regime, rates }, before.get(keyOf(inv)));
        return line && inv.entity ? { ...line, entity: inv.entity } : line;
      })
      .filter((l): l is InterestLine => l !== null);
  }
  const transfers = runTransfers(runId, proposal.payments, settings.grouping, interest, deps.words);
  const unpayable = new Map<string, PaymentRunDoc['unpayable'][number]>();
  for (const t of transfers)
    if (!t.iban || !isValidIban(t.iban))
      unpayable.set(t.supplierId, {
        supplierId: t.supplierId,
        name: t.name,
        iban: t.iban,
        reason: t.iban ? `its IBAN ${t.iban} does not check out` : 'no IBAN in its master data',
      });
  return { request, proposal, interest, transfers, unpayable: [...unpayable.values()] };
}

function runContent(d: Draft) {
  return {
    currency: d.request.currency,
    asOf: d.request.asOf,
    payDate: d.request.payDate,
    payments: d.proposal.payments.map((p) => ({
      supplierId: p.supplierId,
      invoiceNumber: p.invoiceNumber,
      name: p.name,
      iban: p.iban,
      amount: p.amount,
      dueDate: p.dueDate,
      daysOverdue: p.daysOverdue,
      harmRemoved: p.harmRemoved,
      reason: reasonText(p.why),
      why: p.why,
      mustPay: p.mustPay,
      paymentReference: p.paymentReference,
    })),
    interest: d.interest,
    transfers: d.transfers,
    unpayable: d.unpayable,
    figures: proposalFigures(d.proposal),
  };
}

/** What approval freezes: the run's content as the bank file and the suppliers will see it. */
export const frozenContent = (r: Pick<PaymentRunDoc, 'currency' | 'payDate' | 'payments' | 'interest' | 'transfers'>) => ({
  currency: r.currency,
  payDate: r.payDate,
  payments: r.payments.map(({ before: _b, ...p }) => p),
  interest: r.interest,
  transfers: r.transfers.map(({ confirmed: _c, ...t }) => t),
});

export async function saveDraft(request: DraftRequest, by: Actor, deps: RunDeps): Promise<PaymentRunDoc> {
  const id = new Types.ObjectId();
  const draft = await draftRun(request, deps, String(id));
  if (draft.proposal.payments.length === 0) throw new AppError(422, 'empty_run', 'the proposal pays no invoice: nothing to save');
  const settings = await runSettings();
  const { payments, interest, transfers, unpayable, figures, ...rest } = runContent(draft);
  return insertRun({
    _id: id,
    state: 'draft',
    ...rest,
    options: { ...request, grouping: settings.grouping },
    payments,
    interest,
    transfers,
    unpayable,
    figures,
    draftedBy: by,
    approvals: [],
    approvalsNeeded: settings.approvers,
    exports: [],
  });
}

/** Proposes a draft again with changed options (an invoice dropped or added); approvals so far lapse. */
export async function adjustDraft(
  id: string,
  change: Partial<Pick<RunOptions, 'mustPay' | 'dropped' | 'payInterest' | 'budget' | 'supplierCap' | 'approvedOnly'>> & {
    payDate?: CalendarDate;
  },
  deps: RunDeps,
): Promise<PaymentRunDoc> {
  const run = await requireRun(id);
  refused(changeRefusal(run));
  const request: DraftRequest = {
    ...run.options,
    currency: run.currency,
    asOf: run.asOf,
    payDate: change.payDate ?? run.payDate,
    ...change,
  };
  const draft = await draftRun(request, deps, String(run._id), undefined, run._id);
  if (draft.proposal.payments.length === 0) throw new AppError(422, 'empty_run', 'with this change the run pays no invoice');
  const settings = await runSettings();
  const { payments, interest, transfers, unpayable, figures, payDate } = runContent(draft);
  const next = await replaceDraft(run._id, {
    options: { ...request, grouping: settings.grouping },
    payDate,
    payments,
    interest,
    transfers,
    unpayable,
    figures,
    approvalsNeeded: settings.approvers,
  });
  if (!next) throw new AppError(409, 'frozen', 'the run was approved or cancelled meanwhile');
  return next;
}

export async function requireRun(id: string): Promise<PaymentRunDoc> {
  const run = await findRun(id);
  if (!run) throw notFound(`no payment run ${id}`);
  return run;
}

/**
 * Approves a run as this user. Refused to its drafter, to a second approval by the same person, and
 * when an invoice in it has meanwhile been paid or changed (it would be paid twice): propose again.
 * The last approval needed freezes it and schedules its invoices for the pay date.
 */
export async function approveRun(id: string, by: Actor, deps: RunDeps): Promise<PaymentRunDoc> {
  const run = await requireRun(id);
  refused(approvalRefusal(run, by.userId));
  const stored = await invoicesByKeys<InvoiceDoc>(run.payments, {
    amount: 1,
    paidDate: 1,
    paidAmount: 1,
    status: 1,
    scheduledDate: 1,
    currency: 1,
  });
  const now = new Map(stored.map((i) => [keyOf(i), i]));
  const stale = run.payments.filter((p) => {
    const inv = now.get(keyOf(p));
    return !inv || !isOpen(inv) || outstanding(inv) !== p.amount || inv.status === 'disputed';
  });
  if (stale.length)
    throw new AppError(
      409,
      'stale',
      `since the run was drafted, ${stale.length} of its invoices were paid, changed or disputed (${stale
        .slice(0, 5)
        .map((p) => `${p.supplierId} ${p.invoiceNumber}`)
        .join(', ')}${stale.length > 5 ? ', …' : ''}): propose the run again`,
    );
  const approved = await addApproval(run._id, by);
  if (!approved)
    refused(
      approvalRefusal((await requireRun(id)) as PaymentRunDoc, by.userId) ?? { code: 'conflict', message: 'the run changed meanwhile' },
    );
  if ((approved as PaymentRunDoc).approvals.length < run.approvalsNeeded) return approved as PaymentRunDoc;
  const payments = run.payments.map((p) => {
    const inv = now.get(keyOf(p));
    return { ...p, before: { status: inv?.status ?? null, scheduledDate: inv?.scheduledDate ?? null } };
  });
  const frozen = await moveRun(run._id, ['draft'], {
    state: 'approved',
    payments,
    contentHash: contentHash(frozenContent({ ...run, payments })),
  });
  if (!frozen) throw new AppError(409, 'conflict', 'the run changed meanwhile');
  await InvoiceModel.bulkWrite(
    run.payments.map((p) => ({
      updateOne: {
        filter: { supplierId: p.supplierId, invoiceNumber: p.invoiceNumber },
        update: {
          $set: {
            status: 'scheduled',
            scheduledDate: run.payDate,
            scheduledByRun: String(run._id),
            statusSetBy: by.email,
            statusSetAt: by.at,
          },
        },
      },
    })),
    { ordered: false },
  );
  await afterInvoiceChange(run, deps);
  return frozen;
}

/** Cancels a draft or an approved run (not one the bank has); an approved run's invoices are unscheduled. */
export async function cancelRun(id: string, by: Actor, deps: RunDeps): Promise<PaymentRunDoc> {
  const run = await requireRun(id);
  refused(cancelRefusal(run));
  const done = await moveRun(run._id, ['draft', 'approved'], { state: 'cancelled', cancelled: by });
  if (!done) throw new AppError(409, 'conflict', 'the run changed meanwhile');
  if (run.state === 'approved') {
    await InvoiceModel.bulkWrite(
      run.payments.map((p) => ({
        updateOne: {
          // Only what this run set: a later change (an import, another run) stays.
          filter: { supplierId: p.supplierId, invoiceNumber: p.invoiceNumber, scheduledByRun: String(run._id) },
          update: restoreUpdate(p.before, by),
        },
      })),
      { ordered: false },
    );
    await afterInvoiceChange(run, deps);
  }
  return done;
}

/** Puts back the status and payment date an invoice had before a run scheduled it. */
function restoreUpdate(before: RunPaymentDoc['before'], by: Actor) {
  const set: Record<string, unknown> = { statusSetBy: by.email, statusSetAt: by.at };
  const unset: Record<string, ''> = { scheduledByRun: '' };
  if (before?.status) set.status = before.status;
  else unset.status = '';
  if (before?.scheduledDate) set.scheduledDate = before.scheduledDate;
  else unset.scheduledDate = '';
  return { $set: set, $unset: unset };
}

async function afterInvoiceChange(run: PaymentRunDoc, deps: RunDeps): Promise<void> {
  await bumpDataVersion();
  await deps.recomputeSuppliers([...new Set(run.payments.map((p) => p.supplierId))]);
}
