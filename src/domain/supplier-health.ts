/**
 * One supplier's health at an as-of date: every number of DOMAIN.md for that supplier, with the
 * reasons behind its harm score. Pure: invoices and master data in, a plain value out.
 */
import { type AgeingBuckets, ageing, bucketOf, emptyBuckets } from './ageing.ts';
import { type CalendarDate, daysBetween } from './dates.ts';
import { type EntityLaw, type Laws, lawOf } from './entity.ts';
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
  /** The group's entities: each invoice computed under its entity's law (without: all under the above). */
  laws?: Laws;
}

/** One entity's part of a supplier's figures (the group's figures are the sums of the parts). */
export interface EntityPart {
  regime: Regime;
  ageing: Record<Currency, AgeingBuckets>;
  outstanding: Totals;
  overdue: Totals;
  maxDaysOverdue: number;
  interestOwed: Totals;
  compensationOwed: Totals;
  counts: { invoices: number; open: number; late: number };
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
  /** The codes of the entities the supplier has invoices with (absent: the default entity alone). */
  entities?: string[];
  /** Each entity's part, when the supplier deals with more than the default entity. */
  byEntity?: Record<string, EntityPart>;
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
  ctx: Pick<HealthContext, 'baseCurrency' | 'fx' | 'org' | 'laws'>,
): HarmFacts {
  const live = invoices.filter((i) => !isCancelled(i));
  const overdue = overdueTotals(live, asOf);
  const maxDaysOverdue = live.reduce((m, i) => Math.max(m, daysOverdue(i, asOf)), 0);
  const spend = spend12m(live, asOf);
  const dep = dependencyShare(supplier, spend);
  const withheld = withheldRevenueDays(supplier, overdue);
  const breaches = ctx.laws ? breachesPerEntity(supplier, live, ctx.laws) : legalTermBreaches(supplier, live, ctx.org);
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
  const own: EntityLaw = { code: '', regime: ctx.regime, rates: ctx.rates, profile: ctx.org };
  const parts = ctx.laws ? new Map<string, EntityPart>() : null;
  let late = 0;
  for (const inv of invoices) {
    const law = ctx.laws ? lawOf(ctx.laws, inv.entity) : own;
    const part = parts ? partOf(parts, law) : null;
    if (part) countInto(part, inv, asOf);
    if (!isLate(inv, asOf)) continue;
    late++;
    const r = invoiceInterest(inv, asOf, law.regime, law.rates);
    addTo(interestOwed, inv.currency, r.interest);
    for (const m of r.missingRates) notes.add(`no ${law.rates.family} reference rate for ${m}: the last known rate was used`);
    const comp = compensation(inv, asOf, law.regime, ctx.fx);
    if (comp) addTo(compensationOwed, comp.currency, comp.amount);
    if (part) {
      part.counts.late++;
      addTo(part.interestOwed, inv.currency, r.interest);
      if (comp) addTo(part.compensationOwed, comp.currency, comp.amount);
    }
  }
  const codes = parts ? [...parts.keys()].sort() : [];
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
    ...(ctx.laws
      ? {
          entities: codes.length ? codes : [ctx.laws.fallback.code],
          ...(codes.length > 1 || (codes.length === 1 && codes[0] !== ctx.laws.fallback.code)
            ? { byEntity: Object.fromEntries(codes.map((c) => [c, parts?.get(c) as EntityPart])) }
            : {}),
        }
      : {}),
  };
}

function partOf(parts: Map<string, EntityPart>, law: EntityLaw): EntityPart {
  let p = parts.get(law.code);
  if (!p)
    parts.set(
      law.code,
      (p = {
        regime: law.regime,
        ageing: {},
        outstanding: {},
        overdue: {},
        maxDaysOverdue: 0,
        interestOwed: {},
        compensationOwed: {},
        counts: { invoices: 0, open: 0, late: 0 },
      }),
    );
  return p;
}

/** An invoice's share of its entity's ageing, outstanding and overdue (DOMAIN.md's definitions, per invoice). */
function countInto(p: EntityPart, inv: Invoice, asOf: CalendarDate): void {
  p.counts.invoices++;
  if (!isOpen(inv)) return;
  p.counts.open++;
  const left = outstanding(inv);
  addTo(p.outstanding, inv.currency, left);
  const days = daysOverdue(inv, asOf);
  p.maxDaysOverdue = Math.max(p.maxDaysOverdue, days);
  if (isCredit(inv)) return;
  const table = (p.ageing[inv.currency] ??= emptyBuckets());
  table[bucketOf(daysBetween(inv.dueDate, asOf))] += left;
  if (days > 0) addTo(p.overdue, inv.currency, left);
}

/**
 * Legal-term breaches under each entity's law: an entity's size decides the Dutch SME rule for its
 * own invoices, and its standard terms stand in for the supplier's agreed ones. The agreed terms are
 * checked once per rule, not once per entity.
 */
function breachesPerEntity(supplier: Supplier, invoices: Invoice[], laws: Laws): LegalTermBreach[] {
  const byEntity = new Map<EntityLaw, Invoice[]>();
  for (const inv of invoices) {
    const law = lawOf(laws, inv.entity);
    const list = byEntity.get(law);
    if (list) list.push(inv);
    else byEntity.set(law, [inv]);
  }
  if (byEntity.size === 0) byEntity.set(laws.fallback, []);
  const out: LegalTermBreach[] = [];
  const agreed = new Set<string>();
  for (const [law, list] of byEntity)
    for (const b of legalTermBreaches(supplier, list, law.profile)) {
      if (!b.invoiceNumber) {
        const key = `${b.rule}|${b.termDays}`;
        if (agreed.has(key)) continue;
        agreed.add(key);
      }
      out.push(b);
    }
  return out;
}

/**
 * A supplier's figures as one entity sees them: its money, ageing, lateness, interest and counts are
 * that entity's part; its harm, dependency and size stay the group's (the supplier is harmed by the
 * group). Null when the supplier has no invoices with the entity.
 */
export function entityView(h: SupplierHealth, code: string, defaultCode: string): SupplierHealth | null {
  const same = (a: string) => a.toUpperCase() === code.toUpperCase();
  const part = h.byEntity && Object.entries(h.byEntity).find(([c]) => same(c))?.[1];
  if (!part) return same(h.entities?.[0] ?? defaultCode) && (h.entities?.length ?? 1) === 1 ? h : null;
  return {
    ...h,
    ageing: part.ageing,
    outstanding: part.outstanding,
    overdue: part.overdue,
    maxDaysOverdue: part.maxDaysOverdue,
    interestOwed: part.interestOwed,
    compensationOwed: part.compensationOwed,
    counts: { ...h.counts, invoices: part.counts.invoices, open: part.counts.open, late: part.counts.late },
    ...(h.why && partReasons(h.why, part)),
  };
}

/**
 * The reasons as one entity sees them: what is overdue is its part; the rest (DBT, withheld revenue,
 * dependency, size, terms) stays the group's, as the harm score it explains does.
 */
function partReasons(why: Reason[], part: EntityPart): Pick<SupplierHealth, 'why' | 'reasons'> {
  const own = why.flatMap((r): Reason[] =>
    r.kind !== 'overdue' ? [r] : part.maxDaysOverdue > 0 ? [{ ...r, overdue: part.overdue, days: part.maxDaysOverdue }] : [],
  );
  const kept = own.filter((r) => r.kind !== 'nothingOverdue');
  const out: Reason[] = kept.length ? kept : [{ kind: 'nothingOverdue' }];
  return { why: out, reasons: out.map(reasonSentence) };
}
