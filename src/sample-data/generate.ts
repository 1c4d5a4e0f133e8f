/**
 * A made-up organisation's suppliers and invoices, dated relative to `today`, so that every figure
 * tijdig shows has something to show: all ageing buckets, harm levels from low to critical,
 * disputes, credit notes, partial and scheduled payments, unlawful terms, invoices about to be late,
 * questions from suppliers, and two and a half years of payments for the published half-years.
 * Pure and deterministic: the same day and seed give the same data.
 */
import { addDays, type CalendarDate, daysBetween, maxDate } from '../domain/dates.ts';
import { ibanOf } from '../domain/iban.ts';
import type { InvoiceInput } from '../domain/invoice.ts';
import type { SizeClass, Supplier } from '../domain/supplier.ts';
import { DISPUTE_REASONS, GB_NAMES, GB_TRADES, MESSAGES, NL_NAMES, NL_TRADES } from './names.ts';

export const SAMPLE_ID_PREFIX = 'DEMO-';

export interface SampleMessage {
  supplierId: string;
  kind: 'question' | 'missing';
  invoiceNumber: string | null;
  message: string;
  daysAgo: number;
  handled: boolean;
}

export interface SampleData {
  suppliers: Supplier[];
  invoices: InvoiceInput[];
  messages: SampleMessage[];
  /** Exchange rates for today, so totals in pounds can be converted. */
  perEur: Record<string, string>;
}

/** How the organisation has paid a supplier: the sample's story of who is harmed. */
type Habit = 'onTime' | 'late' | 'veryLate' | 'stuck';

/** mulberry32: a small seeded generator, enough for made-up data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    weighted: <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
      let r = next() * pairs.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of pairs) if ((r -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
  };
}
type Random = ReturnType<typeof random>;

const SIZES = [
  ['micro', 38],
  ['small', 30],
  ['medium', 20],
  ['large', 8],
  [null, 4],
] as const;
const EMPLOYEES: Record<SizeClass, [number, number]> = { micro: [1, 9], small: [10, 49], medium: [50, 249], large: [250, 4000] };
/** Typical invoice (major units) and invoices a month, by size. */
const TRADE: Record<SizeClass | 'unknown', { amount: [number, number]; perMonth: number }> = {
  micro: { amount: [250, 4_000], perMonth: 0.6 },
  small: { amount: [900, 12_000], perMonth: 1 },
  medium: { amount: [2_500, 35_000], perMonth: 1.6 },
  large: { amount: [6_000, 120_000], perMonth: 2.4 },
  unknown: { amount: [500, 8_000], perMonth: 0.8 },
};
const TERMS = [
  [30, 60],
  [14, 12],
  [45, 6],
  [60, 8],
  [90, 4],
  [null, 10],
] as const;
/** Days between due date and payment, by habit (older payments a little later: the organisation improved). */
const DELAY: Record<Habit, [number, number]> = { onTime: [-8, 3], late: [4, 40], veryLate: [25, 110], stuck: [35, 90] };
const HISTORY_DAYS = 915;

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function supplierOf(i: number, rnd: Random): { supplier: Supplier; habit: Habit; dependent: boolean } {
  const country = rnd.chance(0.72) ? 'NL' : 'GB';
  const size = rnd.weighted(SIZES);
  const employees = size ? rnd.int(...EMPLOYEES[size]) : null;
  const name =
    country === 'NL'
      ? `${rnd.pick(NL_TRADES)} ${rnd.pick(NL_NAMES)}${size === 'micro' ? '' : ' B.V.'}`
      : `${rnd.pick(GB_NAMES)} ${rnd.pick(GB_TRADES)} Ltd`;
  // The small are the ones a late payer hurts most: more of them depend on this customer.
  const dependent = (size === 'micro' || size === 'small') && rnd.chance(0.22);
  const habit: Habit = dependent
    ? rnd.weighted([
        ['stuck', 3],
        ['veryLate', 3],
        ['late', 2],
        ['onTime', 2],
      ])
    : rnd.weighted([
        ['onTime', 46],
        ['late', 32],
        ['veryLate', 18],
        ['stuck', 4],
      ]);
  const id = `${SAMPLE_ID_PREFIX}${String(i + 1).padStart(4, '0')}`;
  const bank = country === 'NL' ? rnd.pick(['ABNA', 'INGB', 'RABO', 'TRIO', 'SNSB', 'KNAB']) : rnd.pick(['NWBK', 'BARC', 'LOYD', 'HBUK']);
  const account = country === 'NL' ? String(rnd.int(1e9, 9_999_999_999)) : `${rnd.int(100_000, 999_999)}${rnd.int(10_000_000, 99_999_999)}`;
  const supplier: Supplier = {
    supplierId: id,
    name,
    country,
    employees,
    paymentTermsDays: rnd.weighted(TERMS),
    contactEmail: `${country === 'NL' ? 'facturen' : 'accounts'}@${slug(name)}.example`,
    iban: ibanOf(country, `${bank}${account}`),
    revenueCurrency: country === 'NL' ? 'EUR' : 'GBP',
  };
  return { supplier, habit, dependent };
}

interface Made {
  invoices: InvoiceInput[];
  /** The supplier's spend in the last 12 months, minor units (for a revenue that makes it dependent). */
  spend12m: number;
}

function invoicesOf(s: Supplier, habit: Habit, today: CalendarDate, rnd: Random): Made {
  const size = (s.employees === null || s.employees === undefined ? 'unknown' : sizeOf(s.employees)) as SizeClass | 'unknown';
  const { amount: range, perMonth } = TRADE[size];
  const currency = s.country === 'GB' ? 'GBP' : 'EUR';
  const terms = s.paymentTermsDays ?? 30;
  const out: InvoiceInput[] = [];
  let spend12m = 0;
  let day = addDays(today, -HISTORY_DAYS + rnd.int(0, 40));
  let seq = 1;
  const stem = s.country === 'NL' ? `F${s.supplierId.slice(-4)}-` : `INV-${s.supplierId.slice(-4)}`;
  while (day < today) {
    const number = `${stem}${String(seq++).padStart(4, '0')}`;
    const received = addDays(day, rnd.int(0, 3));
    // Some British firms print a longer term on the invoice than the one agreed: each such invoice breaks the 60-day limit.
    const ownTerm = s.country === 'GB' && habit !== 'onTime' && rnd.chance(0.08) ? 75 : null;
    const due = addDays(received, ownTerm ?? terms);
    const major = range[0] * (range[1] / range[0]) ** rnd.next();
    const credit = rnd.chance(0.03);
    const amount = Math.round(major * (credit ? -0.2 : 1)) * 100 + rnd.int(0, 99);
    const inv: InvoiceInput = {
      supplierId: s.supplierId,
      invoiceNumber: credit ? `CN-${number}` : number,
      issueDate: day,
      ...(received !== day ? { receivedDate: received } : {}),
      ...(ownTerm ? { dueDate: due } : {}),
      amount,
      currency,
      poNumber: rnd.chance(0.6) ? `PO-${rnd.int(10_000, 99_999)}` : null,
    };
    if (daysBetween(day, today) < 365 && amount > 0) spend12m += amount;
    settle(inv, { due, habit, today, rnd, credit });
    out.push(inv);
    day = addDays(day, Math.max(1, Math.round((30 / perMonth) * (0.5 + rnd.next()))));
  }
  return { invoices: out, spend12m };
}

/** Every amount of these invoices times `f`, to the cent. */
function scale(invoices: InvoiceInput[], f: number): void {
  for (const inv of invoices) {
    inv.amount = Math.round(inv.amount * f);
    if (inv.paidAmount) inv.paidAmount = Math.round(inv.amount / 2);
  }
}

function sizeOf(employees: number): SizeClass {
  return employees < 10 ? 'micro' : employees < 50 ? 'small' : employees < 250 ? 'medium' : 'large';
}

/** Paid, partly paid, disputed, scheduled, approved or just received: what became of an invoice by today. */
function settle(inv: InvoiceInput, x: { due: CalendarDate; habit: Habit; today: CalendarDate; rnd: Random; credit: boolean }): void {
  const { due, habit, today, rnd } = x;
  if (rnd.chance(0.01)) {
    inv.status = 'cancelled';
    return;
  }
  if (x.credit) {
    // Credit notes are set off against a later payment; recent ones are still open.
    if (daysBetween(inv.issueDate, today) > 45) inv.paidDate = addDays(inv.issueDate, rnd.int(20, 45));
    return;
  }
  const age = daysBetween(due, today);
  const [lo, hi] = DELAY[habit];
  // Older invoices were paid later: the organisation has improved, as its published half-years show.
  const delay = rnd.int(lo, hi) + (age > 365 ? rnd.int(0, 12) : 0);
  const stuck = habit === 'stuck' && age < 150;
  const paid = addDays(due, delay);
  if (!stuck && paid < today) {
    inv.paidDate = paid;
    inv.status = 'paid';
    return;
  }
  // Open: what is it waiting for?
  if (rnd.chance(0.06) && age > -20) {
    inv.status = 'disputed';
    inv.disputeReason = rnd.pick(DISPUTE_REASONS[inv.currency === 'GBP' ? 'GB' : 'NL']);
    inv.disputedSince = addDays(inv.issueDate, rnd.int(3, 12));
    if (inv.disputedSince > today) inv.disputedSince = today;
    return;
  }
  if (age > 20 && rnd.chance(0.05)) {
    // Half paid, the rest still owed.
    inv.paidDate = addDays(due, rnd.int(0, Math.min(age - 1, 20)));
    inv.paidAmount = Math.round(inv.amount / 2);
    inv.status = 'approved';
    return;
  }
  if (age <= 0) {
    // Not due yet: mostly on its way, a few waiting for someone.
    const state = age > -7 ? rnd.weighted(STATES_NEAR_DUE) : rnd.weighted(STATES_LATER);
    inv.status = state;
    if (state === 'scheduled') inv.scheduledDate = maxDate(today, addDays(due, -rnd.int(0, 2)));
    return;
  }
  inv.status = rnd.weighted(STATES_OVERDUE);
  if (inv.status === 'scheduled') inv.scheduledDate = addDays(today, rnd.int(1, 10));
}

const STATES_NEAR_DUE = [
  ['scheduled', 70],
  ['approved', 15],
  ['received', 15],
] as const;
const STATES_LATER = [
  ['received', 55],
  ['approved', 30],
  ['scheduled', 15],
] as const;
const STATES_OVERDUE = [
  ['approved', 45],
  ['received', 35],
  ['scheduled', 20],
] as const;

/** About `count` suppliers with their invoices, questions, and the day's exchange rates. */
export function sampleData(today: CalendarDate, count = 300, seed = 20_261_207): SampleData {
  const rnd = random(seed);
  const suppliers: Supplier[] = [];
  const invoices: InvoiceInput[] = [];
  const troubled: Array<{ s: Supplier; overdue: InvoiceInput[] }> = [];
  for (let i = 0; i < count; i++) {
    const { supplier: s, habit, dependent } = supplierOf(i, rnd);
    const made = invoicesOf(s, habit, today, rnd);
    // Revenue from its size; a dependent supplier gets that much business from this organisation
    // that what it invoiced in the last year is a quarter to three quarters of it.
    const revenue = s.employees && (dependent || rnd.chance(0.88)) ? s.employees * rnd.int(70_000, 160_000) * 100 : null;
    if (revenue && dependent && made.spend12m > 0) scale(made.invoices, ((0.25 + rnd.next() * 0.5) * revenue) / made.spend12m);
    if (revenue) s.annualRevenue = revenue;
    else s.revenueCurrency = null;
    if (rnd.chance(0.15)) s.ownerEmail = rnd.pick(['inkoop@organisatie.example', 'facilitair@organisatie.example']);
    suppliers.push(s);
    invoices.push(...made.invoices);
    const overdue = made.invoices.filter((x) => !x.paidDate && x.status !== 'cancelled' && x.amount > 0 && x.status !== 'disputed');
    if (habit !== 'onTime' && overdue.length) troubled.push({ s, overdue });
  }
  return { suppliers, invoices, messages: messagesOf(troubled, rnd), perEur: { GBP: '0.8650', USD: '1.0800' } };
}

/** Questions about overdue invoices and reports of missing ones, as suppliers send them from their status page. */
function messagesOf(troubled: Array<{ s: Supplier; overdue: InvoiceInput[] }>, rnd: Random): SampleMessage[] {
  const out: SampleMessage[] = [];
  for (const { s, overdue } of troubled.slice(0, 7)) {
    const lang = s.country === 'GB' ? 'GB' : 'NL';
    const missing = out.length % 3 === 2;
    const inv = overdue[0];
    out.push({
      supplierId: s.supplierId,
      kind: missing ? 'missing' : 'question',
      invoiceNumber: missing ? null : inv.invoiceNumber,
      message: missing ? MESSAGES[lang].missing : MESSAGES[lang].question(inv.invoiceNumber),
      daysAgo: rnd.int(0, 6),
      handled: out.length === 1,
    });
  }
  return out;
}
