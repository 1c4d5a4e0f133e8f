/**
 * One supplier's health at an as-of date: every number of DOMAIN.md for that supplier, with the
 * reasons behind its harm score. Pure: invoices and master data in, a plain value out.
 */
import { type AgeingBuckets, ageing } from './ageing.ts';
import type { CalendarDate } from './dates.ts';
import { type HarmInputs, type HarmLevel, harmScore } from './harm.ts';
import { harmReasons, type Reason, reasonSentence } from './harm-reasons.ts';
import { compensation, invoiceInterest, isLate, type Regime } from './interest.ts';
import { daysOverdue, type Invoice, isCancelled, isCredit, isOpen, isPaid, outstanding } from './invoice.ts';
import { addTo, type Currency, type FxTable, type Totals, toBase } from './money.ts';
import { dbt, paydex } from './payer-score.ts';
import type { RateTable } from './rates/rate-table.ts';
import {
  dependencyShare,
  type LegalTermBreach,
  legalTermBreaches,
  type OrgProfile,
  overdueTotals,
  type SizeClass,
  type Supplier,
  sizeClassOf,
  spend12m,
  withheldRevenueDays,
} from './supplier.ts';

export interface HealthContext {
  asOf: CalendarDate;
  baseCurrency: Currency;
  fx?: FxTable;
  regime: Regime;
  rates: RateTable;
  org: OrgProfile;
}

export interface SupplierHealth {
  supplierId: string;
  name: string;
  /** ISO 3166 alpha-2, from the master data (for filtering the ranking). */
  country: string | null;
  asOf: CalendarDate;
  sizeClass: SizeClass | null;
  ageing: Record<Currency, AgeingBuckets>;
  outstanding: Totals;
  overdue: Totals;
  /** The overdue total in the base currency (currencies without an exchange rate left out): the ranking's sort by money. */
  overdueBase?: number;
  maxDaysOverdue: number;
  dbt: number;
  payerScore: number | null;
  interestOwed: Totals;
  compensationOwed: Totals;
  spend12m: Totals;
  dependencyShare: number | null;
  withheldRevenueDays: number | null;
  legalTermBreaches: LegalTermBreach[];
  harmScore: number;
  harmLevel: HarmLevel;
  reasons: string[];
  /** The same reasons as facts, for pages in other languages (absent in snapshots made before it existed). */
  why?: Reason[];
  counts: { invoices: number; open: number; paid: number; late: number; creditNotes: number; cancelled: number };
  /** Things the reader must know about the figures: missing rates, currencies left out. */
  notes: string[];
}

/** What the harm score is computed from, for one supplier at a date (cancelled invoices left out). */
export interface HarmFacts {
  overdue: Totals;
  maxDaysOverdue: number;
  spend: Totals;
  dependencyShare: number | null;
  withheldRevenueDays: number | null;
  breaches: LegalTermBreach[];
  sizeClass: SizeClass | null;
  /** The harm formula's inputs. */
  harm: HarmInputs;
}

export function harmFacts(
  supplier: Supplier,
  invoices: Invoice[],
  asOf: CalendarDate,
  ctx: Pick<HealthContext, 'baseCurrency' | 'fx' | 'org'>,
): HarmFacts {
  const live = invoices.filter((i) => !isCancelled(i));
  const overdue = overdueTotals(live, asOf);
  const maxDaysOverdue = live.reduce((m, i) => Math.max(m, daysOverdue(i, asOf)), 0);
  const spend = spend12m(live, asOf);
  const dep = dependencyShare(supplier, spend);
  const withheld = withheldRevenueDays(supplier, overdue);
  const breaches = legalTermBreaches(supplier, live, ctx.org);
  const size = sizeClassOf(supplier);
  let overdueBase = 0;
  for (const [c, v] of Object.entries(overdue)) overdueBase += toBase(v, c, ctx.baseCurrency, ctx.fx) ?? 0;
  return {
    overdue,
    maxDaysOverdue,
    spend,
    dependencyShare: dep,
    withheldRevenueDays: withheld,
    breaches,
    sizeClass: size,
    harm: {
      maxDaysOverdue,
      withheldRevenueDays: withheld,
      overdueBaseMinor: overdueBase,
      dependencyShare: dep,
      sizeClass: size,
      legalTermBreaches: breaches.length,
    },
  };
}

export function supplierHealth(supplier: Supplier, allInvoices: Invoice[], ctx: HealthContext): SupplierHealth {
  const { asOf } = ctx;
  const invoices = allInvoices.filter((i) => !isCancelled(i));
  const notes = new Set<string>();

  const byCurrency = ageing(invoices, asOf);
  const out: Totals = {};
  for (const inv of invoices) if (isOpen(inv)) addTo(out, inv.currency, outstanding(inv));
  const facts = harmFacts(supplier, invoices, asOf, ctx);
  const { overdue, maxDaysOverdue, breaches } = facts;
  const dep = facts.dependencyShare;
  const withheld = facts.withheldRevenueDays;
  const size = facts.sizeClass;

  const d = dbt(byCurrency, ctx.baseCurrency, ctx.fx);
  for (const c of d.excludedCurrencies) notes.add(`DBT leaves out ${c}: no FX rate to ${ctx.baseCurrency}`);
  const pdx = paydex(invoices, asOf, ctx.baseCurrency, ctx.fx);
  for (const c of pdx.excludedCurrencies) notes.add(`payer score leaves out ${c}: no FX rate to ${ctx.baseCurrency}`);

  const interestOwed: Totals = {};
  const compensationOwed: Totals = {};
  let late = 0;
  for (const inv of invoices) {
    if (!isLate(inv, asOf)) continue;
    late++;
    const r = invoiceInterest(inv, asOf, ctx.regime, ctx.rates);
    addTo(interestOwed, inv.currency, r.interest);
    for (const m of r.missingRates) notes.add(`no ${ctx.rates.family} reference rate for ${m}: the last known rate was used`);
    const comp = compensation(inv, asOf, ctx.regime, ctx.fx);
    if (comp) addTo(compensationOwed, comp.currency, comp.amount);
  }
  const harm = harmScore(facts.harm);

  const why = harmReasons({
    overdue,
    maxDaysOverdue,
    dbt: d.days,
    withheldRevenueDays: withheld,
    dependencyShare: dep,
    sizeClass: size,
    breaches,
  });

  return {
    supplierId: supplier.supplierId,
    name: supplier.name,
    country: supplier.country ?? null,
    asOf,
    sizeClass: size,
    ageing: byCurrency,
    outstanding: out,
    overdue,
    overdueBase: facts.harm.overdueBaseMinor,
    maxDaysOverdue,
    dbt: d.days,
    payerScore: pdx.score,
    interestOwed,
    compensationOwed,
    spend12m: facts.spend,
    dependencyShare: dep === null ? null : Math.round(dep * 10_000) / 10_000,
    withheldRevenueDays: withheld,
    legalTermBreaches: breaches,
    harmScore: harm.score,
    harmLevel: harm.level,
    reasons: why.map(reasonSentence),
    why,
    counts: {
      invoices: allInvoices.length,
      open: invoices.filter(isOpen).length,
      paid: invoices.filter(isPaid).length,
      late,
      creditNotes: invoices.filter(isCredit).length,
      cancelled: allInvoices.length - invoices.length,
    },
    notes: [...notes].sort(),
  };
}
