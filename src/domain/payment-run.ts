/**
 * A payment-run proposal: which open invoices to pay with a budget so that the organisation's late
 * payment harms its suppliers as little as possible. Pure: invoices, suppliers and budgets in.
 *
 * Harm removed by paying an invoice (points of harm score), at the pay date:
 *
 *   R_s = H_s − H0_s   the part of supplier s's harm score that comes from paying late: its score
 *                      now, less its score with nothing overdue (dependency, size and unlawful
 *                      terms stay whatever is paid)
 *   v_i = R_s × o_i / O_s   invoice i's share of it, by its overdue amount o_i among the supplier's
 *                      overdue amount O_s (per currency; a supplier overdue in k currencies splits
 *                      R_s equally over them)
 *
 * So paying all of a supplier's overdue invoices removes all of R_s ("clears the supplier's overdue
 * entirely"), and a supplier's harm weighs in whole, not per invoice. An invoice not yet overdue on
 * the pay date removes no harm now; the budget left after the harm-removing choice pays those in
 * due-date order, so they stay on time. Ties go to the older due date.
 */
import { ageing } from './ageing.ts';
import { addDays, type CalendarDate } from './dates.ts';
import { type Laws, lawFor } from './entity.ts';
import { type HarmLevel, harmScore, levelOf } from './harm.ts';
import { compensation, invoiceInterest, type Regime } from './interest.ts';
import { daysOverdue, type Invoice, isCredit, isDisputed, isOpen, outstanding } from './invoice.ts';
import {
  type Constraints,
  firstFit,
  type Item,
  largestFirst,
  type Method,
  type Orders,
  oldestDueFirst,
  ordersOf,
  select,
  sequenced,
} from './knapsack.ts';
import { addTo, type Currency, type FxTable, type Totals } from './money.ts';
import { dbt, paydex } from './payer-score.ts';
import type { RateTable } from './rates/rate-table.ts';
import type { SizeClass, Supplier } from './supplier.ts';
import { type HarmFacts, harmFacts } from './supplier-health.ts';

export interface RunContext {
  asOf: CalendarDate;
  /** When the payments would leave the bank: figures are as of this day (default: asOf). */
  payDate: CalendarDate;
  baseCurrency: Currency;
  fx?: FxTable;
  regime: Regime;
  rates: RateTable;
  org: { isLarge: boolean; defaultPaymentTermsDays: number };
  /** A group's entities: each invoice's interest, compensation and terms under its entity's law. */
  laws?: Laws;
}

export interface RunRequest {
  /** Budget per currency (minor units); invoices in a currency without a budget are not proposed. */
  budgets: Totals;
  /** Only approved and scheduled invoices (without it, an invoice without a status counts as payable). */
  approvedOnly?: boolean;
  /** At most this much per supplier, per currency (minor units). */
  supplierCap?: Totals;
  /** Invoices that must be paid in this run, as `supplierId` + `invoiceNumber`. */
  mustPay?: Array<{ supplierId: string; invoiceNumber: string }>;
  /** Invoices this run must leave out (dropped by hand from a draft). */
  exclude?: Array<{ supplierId: string; invoiceNumber: string }>;
}

export interface ProposedPayment {
  supplierId: string;
  name: string;
  iban: string | null;
  invoiceNumber: string;
  currency: Currency;
  /** What is paid: the invoice's outstanding amount. */
  amount: number;
  dueDate: CalendarDate;
  daysOverdue: number;
  harmRemoved: number;
  why: PaymentReason;
  /** Forced in by the must-pay list. */
  mustPay: boolean;
  paymentReference: string | null;
  /** The legal entity that owes the invoice (and pays it from its account); none: the default entity. */
  entity?: string | null;
}

/** The facts behind a payment, for a sentence such as "micro supplier, 41 days overdue, 62 % of its revenue comes from us". */
export interface PaymentReason {
  sizeClass: SizeClass | null;
  daysOverdue: number;
  dueDate: CalendarDate;
  dependencyShare: number | null;
  harmLevel: HarmLevel;
  /** After this run (this payment with the others), nothing is overdue to the supplier. */
  clearsSupplier: boolean;
  unlawfulTerms: boolean;
}

export interface RunFigures {
  overdue: Totals;
  /** Statutory interest the overdue invoices would add over the next 30 days. */
  interestNext30Days: Totals;
  suppliersByLevel: Record<HarmLevel, number>;
  /** Summed over the suppliers whose revenue is known. */
  withheldRevenueDays: number;
  dbt: number;
  payerScore: number | null;
}

export interface RuleOutcome {
  rule: 'oldest-due-first' | 'largest-first';
  harmRemoved: number;
  paid: Totals;
  invoices: number;
}

export interface PaymentRunProposal {
  asOf: CalendarDate;
  payDate: CalendarDate;
  payments: ProposedPayment[];
  /** Per currency: the budget, what the proposal spends, how it chose. */
  currencies: Array<{ currency: Currency; budget: number; spent: number; method: Method | 'none'; harmRemoved: number }>;
  harmRemoved: number;
  /** Fixed compensation that paying not-yet-late invoices on time avoids. */
  compensationAvoided: Totals;
  before: RunFigures;
  after: RunFigures;
  rules: RuleOutcome[];
  /** Open invoices left out, and why. */
  excluded: { disputed: number; notApproved: number; noBudget: number; creditNotes: number; dropped: number };
}

export class RunError extends Error {}

interface SupplierState {
  supplier: Supplier;
  invoices: Invoice[];
  inputs: HarmFacts;
  harm: number;
  removable: number;
  /** Overdue amounts per currency at the pay date. */
  overdue: Totals;
}

/** An invoice the run could pay, as the knapsack sees it, with what it came from. */
interface RunItem extends Item {
  inv: Invoice;
  state: SupplierState;
}

const key = (supplierId: string, invoiceNumber: string) => `${supplierId}\u0000${invoiceNumber}`;

/** Marks invoices paid in full on the pay date. */
const paidOn = (inv: Invoice, payDate: CalendarDate): Invoice => ({ ...inv, paidDate: payDate, paidAmount: inv.amount });

interface SupplierFigures {
  overdue: Totals;
  interest: Totals;
  level: HarmLevel;
  withheld: number;
}

/** One supplier's part of the run's figures, with its invoices as they would stand. */
function supplierFigures(s: SupplierState, invoices: Invoice[], ctx: RunContext): SupplierFigures {
  const in30 = addDays(ctx.payDate, 30);
  const facts = harmFacts(s.supplier, invoices, ctx.payDate, ctx);
  const interest: Totals = {};
  for (const inv of invoices) {
    if (daysOverdue(inv, ctx.payDate) === 0) continue;
    const { regime, rates } = lawFor(ctx.laws, inv.entity, ctx);
    const more = invoiceInterest(inv, in30, regime, rates).interest - invoiceInterest(inv, ctx.payDate, regime, rates).interest;
    addTo(interest, inv.currency, more);
  }
  return { overdue: facts.overdue, interest, level: harmScore(facts.harm).level, withheld: facts.withheldRevenueDays ?? 0 };
}

function figures(parts: SupplierFigures[], all: Invoice[], ctx: RunContext): RunFigures {
  const overdue: Totals = {};
  const interest: Totals = {};
  const levels: Record<HarmLevel, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  let withheld = 0;
  for (const f of parts) {
    for (const [c, v] of Object.entries(f.overdue)) addTo(overdue, c, v);
    for (const [c, v] of Object.entries(f.interest)) addTo(interest, c, v);
    levels[f.level]++;
    withheld += f.withheld;
  }
  return {
    overdue,
    interestNext30Days: interest,
    suppliersByLevel: levels,
    withheldRevenueDays: Math.round(withheld * 100) / 100,
    dbt: dbt(ageing(all, ctx.payDate), ctx.baseCurrency, ctx.fx).days,
    payerScore: paydex(all, ctx.payDate, ctx.baseCurrency, ctx.fx).score,
  };
}

/**
 * What every proposal from the same invoices, on the same pay date, starts from: each supplier's
 * harm and what paying could remove of it, every payable invoice's value in (due date, id) order,
 * and the figures before the run. Worked out once, it serves any number of requests (budgets,
 * caps, must-pay and dropped lists); it is only read by them.
 */
export interface RunBasis {
  ctx: RunContext;
  states: SupplierState[];
  /** Open invoices other than credit notes, in (due date, id) order, the order of every tie. */
  items: RunItem[];
  /** The same, sorted in the knapsack's other orders. */
  orders: Orders<RunItem>;
  creditNotes: number;
  /** Each supplier's part of the figures before the run, in the order of `states`. */
  before: SupplierFigures[];
  beforeFigures: RunFigures;
}

export function runBasis(suppliers: Supplier[], invoices: Invoice[], ctx: RunContext): RunBasis {
  const { payDate } = ctx;
  const bySupplier = new Map<string, Invoice[]>();
  for (const inv of invoices) {
    let list = bySupplier.get(inv.supplierId);
    if (!list) bySupplier.set(inv.supplierId, (list = []));
    list.push(inv);
  }
  const byId = new Map<string, SupplierState>();
  for (const supplier of suppliers) {
    const own = bySupplier.get(supplier.supplierId) ?? [];
    const inputs = harmFacts(supplier, own, payDate, ctx);
    const harm = harmScore(inputs.harm).score;
    const calm = harmScore({
      ...inputs.harm,
      maxDaysOverdue: 0,
      withheldRevenueDays: inputs.harm.withheldRevenueDays === null ? null : 0,
      overdueBaseMinor: 0,
    }).score;
    byId.set(supplier.supplierId, {
      supplier,
      invoices: own,
      inputs,
      harm,
      removable: Math.max(0, harm - calm),
      overdue: inputs.overdue,
    });
  }
  const states = [...byId.values()];
  let creditNotes = 0;
  const items: RunItem[] = [];
  for (const state of states) {
    const currencies = Object.keys(state.overdue).length || 1;
    for (const inv of state.invoices) {
      if (!isOpen(inv)) continue;
      if (isCredit(inv)) {
        creditNotes++;
        continue;
      }
      const owed = outstanding(inv);
      const od = daysOverdue(inv, payDate) > 0 ? owed : 0;
      const overdueInCurrency = state.overdue[inv.currency] ?? 0;
      const value = od > 0 && overdueInCurrency > 0 ? (state.removable * od) / overdueInCurrency / currencies : 0;
      items.push({
        id: key(inv.supplierId, inv.invoiceNumber),
        cost: owed,
        value,
        group: inv.supplierId,
        due: inv.dueDate,
        seq: 0,
        inv,
        state,
      });
    }
  }
  const before: SupplierFigures[] = [];
  const all: Invoice[] = [];
  for (const s of states) {
    before.push(supplierFigures(s, s.invoices, ctx));
    for (const inv of s.invoices) all.push(inv);
  }
  const inOrder = sequenced(items);
  return { ctx, states, items: inOrder, orders: ordersOf(inOrder), creditNotes, before, beforeFigures: figures(before, all, ctx) };
}

export function proposePaymentRun(suppliers: Supplier[], invoices: Invoice[], req: RunRequest, ctx: RunContext): PaymentRunProposal {
  return proposeFromBasis(runBasis(suppliers, invoices, ctx), req);
}

export function proposeFromBasis(basis: RunBasis, req: RunRequest): PaymentRunProposal {
  const { ctx } = basis;
  const { payDate } = ctx;
  const must = new Set((req.mustPay ?? []).map((m) => key(m.supplierId, m.invoiceNumber)));
  const excluded = { disputed: 0, notApproved: 0, noBudget: 0, creditNotes: basis.creditNotes, dropped: 0 };
  const dropped = new Set((req.exclude ?? []).map((m) => key(m.supplierId, m.invoiceNumber)));
  const itemsByCurrency = new Map<Currency, RunItem[]>();
  const mustFound = new Set<string>();
  for (const item of basis.items) {
    const { inv, id } = item;
    const forced = must.size > 0 && must.has(id);
    if (!forced && dropped.size > 0 && dropped.has(id)) {
      excluded.dropped++;
      continue;
    }
    if (isDisputed(inv)) {
      if (forced) throw new RunError(`invoice ${inv.invoiceNumber} of ${inv.supplierId} is in dispute and cannot be paid in a run`);
      excluded.disputed++;
      continue;
    }
    if (req.approvedOnly && inv.status !== 'approved' && inv.status !== 'scheduled' && !forced) {
      excluded.notApproved++;
      continue;
    }
    if (req.budgets[inv.currency] === undefined) {
      if (forced) throw new RunError(`invoice ${inv.invoiceNumber} of ${inv.supplierId} is in ${inv.currency}, which has no budget`);
      excluded.noBudget++;
      continue;
    }
    if (forced) mustFound.add(id);
    let list = itemsByCurrency.get(inv.currency);
    if (!list) itemsByCurrency.set(inv.currency, (list = []));
    list.push(item);
  }
  for (const id of must)
    if (!mustFound.has(id)) throw new RunError(`must-pay invoice ${id.replace('\u0000', ' ')} is not an open invoice that can be paid`);

  const chosen: RunItem[] = [];
  const currencies: PaymentRunProposal['currencies'] = [];
  const rules: Record<RuleOutcome['rule'], RuleOutcome> = {
    'oldest-due-first': { rule: 'oldest-due-first', harmRemoved: 0, paid: {}, invoices: 0 },
    'largest-first': { rule: 'largest-first', harmRemoved: 0, paid: {}, invoices: 0 },
  };
  for (const currency of Object.keys(req.budgets).sort()) {
    const budget = req.budgets[currency];
    const items = itemsByCurrency.get(currency) ?? [];
    const forced = must.size ? items.filter((it) => must.has(it.id)) : [];
    const forcedCost = forced.reduce((a, it) => a + it.cost, 0);
    if (forcedCost > budget)
      throw new RunError(`the must-pay invoices in ${currency} need ${forcedCost} minor units, more than the budget of ${budget}`);
    const cap = req.supplierCap?.[currency];
    const spentByGroup = new Map<string, number>();
    for (const it of forced) spentByGroup.set(it.group, (spentByGroup.get(it.group) ?? 0) + it.cost);
    const groupCap =
      cap === undefined
        ? undefined
        : new Map([...new Set(items.map((it) => it.group))].map((g) => [g, Math.max(0, cap - (spentByGroup.get(g) ?? 0))]));
    const free = must.size ? items.filter((it) => !must.has(it.id)) : items;
    const c: Constraints = { budget: budget - forcedCost, groupCap };
    // The simple rules, under the same budget, caps and must-pay list: for comparison, and as
    // candidates, so the proposal never removes less harm than either.
    const simple = [oldestDueFirst(free, c), largestFirst(free, c, basis.orders)];
    let harmful = select(
      free.filter((it) => it.value > 0),
      c,
      basis.orders,
    );
    for (const rule of simple) if (rule.value > harmful.value) harmful = rule;
    // What the budget and caps leave pays invoices not yet overdue, earliest due first.
    const spentAfter = new Map(groupCap ?? []);
    for (const it of harmful.items) if (spentAfter.has(it.group)) spentAfter.set(it.group, (spentAfter.get(it.group) as number) - it.cost);
    const taken = new Set(harmful.items);
    // `free` is in (due date, id) order already.
    const onTime = firstFit(
      free.filter((it) => it.value === 0 && !taken.has(it)),
      { budget: c.budget - harmful.cost, groupCap: groupCap ? spentAfter : undefined },
      'oldest-due-first',
    );
    const picked = [...forced, ...harmful.items, ...onTime.items];
    chosen.push(...picked);
    const value = picked.reduce((a, it) => a + it.value, 0);
    currencies.push({
      currency,
      budget,
      spent: picked.reduce((a, it) => a + it.cost, 0),
      method: picked.length ? harmful.method : 'none',
      harmRemoved: round2(value),
    });
    for (const rule of simple) {
      const r = rules[rule.method as RuleOutcome['rule']];
      r.harmRemoved += rule.value + forced.reduce((a, it) => a + it.value, 0);
      r.invoices += rule.items.length + forced.length;
      addTo(r.paid, currency, rule.cost + forcedCost);
    }
  }

  const chosenInvoices = new Set(chosen.map((it) => it.inv));
  const compensationAvoided: Totals = {};
  const payments: ProposedPayment[] = chosen
    .map((it) => {
      const { inv, state } = it;
      const od = daysOverdue(inv, payDate);
      const stillOverdue = state.invoices.some((o) => o !== inv && daysOverdue(o, payDate) > 0 && !chosenInvoices.has(o));
      if (od === 0) {
        // What it would cost once late, avoided by paying it on time.
        const comp = compensation({ ...inv, dueDate: addDays(payDate, -1) }, payDate, lawFor(ctx.laws, inv.entity, ctx).regime, ctx.fx);
        if (comp) addTo(compensationAvoided, comp.currency, comp.amount);
      }
      return {
        supplierId: inv.supplierId,
        name: state.supplier.name,
        iban: state.supplier.iban ?? null,
        invoiceNumber: inv.invoiceNumber,
        currency: inv.currency,
        amount: it.cost,
        dueDate: inv.dueDate,
        daysOverdue: od,
        harmRemoved: round2(it.value),
        mustPay: must.has(it.id),
        paymentReference: inv.paymentReference ?? null,
        ...(inv.entity ? { entity: inv.entity } : {}),
        why: {
          sizeClass: state.inputs.harm.sizeClass,
          daysOverdue: od,
          dueDate: inv.dueDate,
          dependencyShare: state.inputs.dependencyShare,
          harmLevel: levelOf(state.harm),
          clearsSupplier: od > 0 && !stillOverdue,
          unlawfulTerms: state.inputs.harm.legalTermBreaches > 0,
        },
      };
    })
    // The most harm removed first; then the oldest due date.
    .sort(
      (a, b) =>
        b.harmRemoved - a.harmRemoved ||
        (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) ||
        (a.supplierId < b.supplierId ? -1 : 1),
    );

  // The figures after: only the suppliers the run pays change.
  const paidSuppliers = new Set(chosen.map((it) => it.state));
  const after: SupplierFigures[] = [];
  const allAfter: Invoice[] = [];
  for (const [i, s] of basis.states.entries()) {
    if (!paidSuppliers.has(s)) {
      after.push(basis.before[i]);
      for (const inv of s.invoices) allAfter.push(inv);
      continue;
    }
    const changed = s.invoices.map((inv) => (chosenInvoices.has(inv) ? paidOn(inv, payDate) : inv));
    after.push(supplierFigures(s, changed, ctx));
    for (const inv of changed) allAfter.push(inv);
  }
  return {
    asOf: ctx.asOf,
    payDate,
    payments,
    currencies,
    harmRemoved: round2(chosen.reduce((a, it) => a + it.value, 0)),
    compensationAvoided,
    before: basis.beforeFigures,
    after: figures(after, allAfter, ctx),
    rules: Object.values(rules).map((r) => ({ ...r, harmRemoved: round2(r.harmRemoved) })),
    excluded,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
