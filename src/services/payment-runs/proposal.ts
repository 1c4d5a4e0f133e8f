/** Proposing a payment run from the stored invoices (CLI, API and web app); nothing is ever paid by tijdig. */
import { type CalendarDate, isCalendarDate } from '../../domain/dates.ts';
import type { Laws } from '../../domain/entity.ts';
import type { Invoice } from '../../domain/invoice.ts';
import {
  type PaymentRunProposal,
  proposeFromBasis,
  type RunBasis,
  type RunContext,
  RunError,
  type RunRequest,
  runBasis,
} from '../../domain/payment-run.ts';
import type { RateTable } from '../../domain/rates/rate-table.ts';
import type { Supplier } from '../../domain/supplier.ts';
import { AppError, badRequest } from '../../errors.ts';
import { dataVersion } from '../../persistence/data-version/data-version.ts';
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

/** How long inputs stay kept after their last use: someone working on a run comes back within minutes. */
const KEEP_MS = 15 * 60_000;

let kept: { version: number; org: OrgSettings; inputs: Promise<RunInputs>; expiry: NodeJS.Timeout; loading: boolean } | null = null;

/**
 * The run inputs at the current data version, loaded once and kept in this process while the data
 * stays the same (every write to invoices, suppliers, rates or entities changes the version). A
 * proposal, the draft saved from it and each change to the draft then start from memory instead of
 * reading every invoice again, which took seconds at hundreds of thousands of invoices.
 */
export async function currentRunInputs(org: OrgSettings): Promise<RunInputs> {
  const version = await dataVersion();
  if (!kept || kept.version !== version || kept.org !== org) {
    if (kept) clearTimeout(kept.expiry);
    const inputs = runInputs(org);
    const mine = { version, org, inputs, expiry: setTimeout(forgetRunInputs, KEEP_MS).unref(), loading: true };
    kept = mine;
    inputs.then(
      () => {
        mine.loading = false;
      },
      // A failed load is not kept.
      () => {
        if (kept === mine) forgetRunInputs();
      },
    );
  } else kept.expiry.refresh();
  return kept.inputs;
}

/**
 * Loads the inputs and works out the basis of a run (paid on `payDate`, by default `asOf`) while
 * someone fills in the run's form or looks at a draft, so the proposal need not wait for either.
 * Resolves when done; a failure is the proposal's to report, not this.
 */
export async function prepareRunInputs(org: OrgSettings, asOf: CalendarDate, payDate?: CalendarDate): Promise<void> {
  // Ahead of need, one load at a time: a page opened again and again during an import must not start
  // a load of every invoice for each data version it sees.
  if (kept?.loading) return;
  try {
    const inputs = await currentRunInputs(org);
    basisFor(inputs, contextOf(inputs, { asOf, payDate }, org));
  } catch {
    // The proposal loads again and says what failed.
  }
}

export function forgetRunInputs(): void {
  if (kept) clearTimeout(kept.expiry);
  kept = null;
}

/** Each input set's bases by as-of and pay date: a draft and its changes reuse the proposal's. */
const bases = new WeakMap<RunInputs, Map<string, RunBasis>>();
const BASES_KEPT = 2;

function basisFor(inputs: RunInputs, ctx: RunContext): RunBasis {
  let byDates = bases.get(inputs);
  if (!byDates) bases.set(inputs, (byDates = new Map()));
  const key = `${ctx.asOf}|${ctx.payDate}|${ctx.regime}|${ctx.baseCurrency}`;
  const known = byDates.get(key);
  if (known && known.ctx.fx === ctx.fx && known.ctx.org === ctx.org) return known;
  const basis = runBasis(inputs.suppliers, inputs.invoices, ctx);
  byDates.delete(key);
  byDates.set(key, basis);
  for (const old of byDates.keys()) if (byDates.size > BASES_KEPT) byDates.delete(old);
  return basis;
}

const contextOf = (inputs: RunInputs, opts: RunOptions, org: OrgSettings): RunContext => ({
  asOf: opts.asOf,
  payDate: opts.payDate ?? opts.asOf,
  baseCurrency: org.baseCurrency,
  fx: org.fx,
  regime: org.regime,
  rates: inputs.rates,
  org: org.profile,
  laws: inputs.laws,
});

export function proposeFrom(inputs: RunInputs, req: RunRequest, opts: RunOptions, org: OrgSettings): PaymentRunProposal {
  const ctx = contextOf(inputs, opts, org);
  if (!isCalendarDate(ctx.payDate) || ctx.payDate < opts.asOf)
    throw badRequest(`payDate ${ctx.payDate} is before the as-of date ${opts.asOf}`);
  for (const [c, v] of Object.entries(req.budgets))
    if (!Number.isSafeInteger(v) || v < 0) throw badRequest(`budget for ${c}: must be zero or more, in whole cents`);
  try {
    return proposeFromBasis(basisFor(inputs, ctx), req);
  } catch (e) {
    if (e instanceof RunError) throw new AppError(422, 'not_payable', e.message);
    throw e;
  }
}

export async function proposeRun(req: RunRequest, opts: RunOptions, org: OrgSettings): Promise<PaymentRunProposal> {
  return proposeFrom(await currentRunInputs(org), req, opts, org);
}
