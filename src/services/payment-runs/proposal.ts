/** Proposing a payment run from the stored invoices (CLI, API and web app); nothing is ever paid by tijdig. */
import { type CalendarDate, isCalendarDate } from '../../domain/dates.ts';
import type { Laws } from '../../domain/entity.ts';
import type { Invoice } from '../../domain/invoice.ts';
import { type PaymentRunProposal, proposePaymentRun, RunError, type RunRequest } from '../../domain/payment-run.ts';
import type { RateTable } from '../../domain/rates/rate-table.ts';
import type { Supplier } from '../../domain/supplier.ts';
import { AppError, badRequest } from '../../errors.ts';
import { rateTable } from '../../persistence/rates/rate.repository.ts';
import { allSuppliers } from '../../persistence/suppliers/supplier.repository.ts';
import { groupLaws } from '../entities.ts';
import type { OrgSettings } from '../org-settings.ts';
import { resolvedInvoices } from '../reports.ts';

export interface RunOptions {
  asOf: CalendarDate;
  /** Default: the as-of date. */
  payDate?: CalendarDate;
}

/** What a proposal is made from: every supplier, every invoice (resolved), the reference rates, a group's laws. */
export interface RunInputs {
  suppliers: Supplier[];
  invoices: Invoice[];
  rates: RateTable;
  laws?: Laws;
}

export async function runInputs(org: OrgSettings): Promise<RunInputs> {
  const [suppliers, rates, laws] = await Promise.all([allSuppliers(), rateTable(org.regime === 'UK' ? 'UK' : 'EU'), groupLaws(org)]);
  const invoices: Invoice[] = [];
  for await (const inv of resolvedInvoices(org)) invoices.push(inv);
  return { suppliers, invoices, rates, laws };
}

export function proposeFrom(inputs: RunInputs, req: RunRequest, opts: RunOptions, org: OrgSettings): PaymentRunProposal {
  const payDate = opts.payDate ?? opts.asOf;
  if (!isCalendarDate(payDate) || payDate < opts.asOf) throw badRequest(`payDate ${payDate} is before the as-of date ${opts.asOf}`);
  for (const [c, v] of Object.entries(req.budgets))
    if (!Number.isSafeInteger(v) || v < 0) throw badRequest(`budget for ${c}: must be zero or more, in whole cents`);
  try {
    return proposePaymentRun(inputs.suppliers, inputs.invoices, req, {
      asOf: opts.asOf,
      payDate,
      baseCurrency: org.baseCurrency,
      fx: org.fx,
      regime: org.regime,
      rates: inputs.rates,
      org: org.profile,
      laws: inputs.laws,
    });
  } catch (e) {
    if (e instanceof RunError) throw new AppError(422, 'not_payable', e.message);
    throw e;
  }
}

export async function proposeRun(req: RunRequest, opts: RunOptions, org: OrgSettings): Promise<PaymentRunProposal> {
  return proposeFrom(await runInputs(org), req, opts, org);
}
