/**
 * The half-year report of payment behaviour for an entity under Dutch or EU law: the usual
 * payment-practice statistics, measured against the statutory terms of art. 6:119a BW (Directive
 * 2011/7/EU): 60 days at most, and 30 days at most when a large company pays a Dutch SME (agreed
 * from 1 July 2022).
 *
 * - Paid beyond the statutory term: payments made in the period more than the term after the
 *   invoice was received (30 or 60 days, per invoice), by count and by value.
 * - Terms beyond the statutory maximum: invoices received in the period whose own term (due date −
 *   received date) is longer than the statutory term.
 */
import { type CalendarDate, daysBetween } from './dates.ts';
import type { Entity, Period } from './entity.ts';
import { daysToPay, type Invoice, isCancelled, isPaid } from './invoice.ts';
import { type FxTable, toBase } from './money.ts';
import { type PaymentPracticeReport, paymentPractices, type Share } from './payment-practices.ts';
import { share } from './stats.ts';
import { NL_SME_RULE_FROM } from './supplier.ts';

export const MAX_TERM_DAYS = 60;
export const SME_TERM_DAYS = 30;

export interface NlHalfYear {
  entity: { code: string; name: string; regime: Entity['regime']; isLarge: boolean };
  period: { from: CalendarDate; to: CalendarDate };
  practices: PaymentPracticeReport;
  /** Payments made in the period later than their statutory term after receipt. */
  paidBeyondStatutoryTerm: Share & { payments: number };
  /** The same, for Dutch SME suppliers of a large entity (30 days). Null when the entity is not large. */
  smePaidBeyond30: (Share & { payments: number }) | null;
  /** Invoices received in the period with a longer term than the law allows. */
  termsBeyondStatutory: Share & { invoices: number };
}

/** The statutory term of an invoice: 30 days for a Dutch SME supplier of a large entity (agreed since the rule), else 60. */
export function statutoryTermDays(inv: Invoice, entity: Pick<Entity, 'isLarge'>, dutchSme: boolean): number {
  return entity.isLarge && dutchSme && inv.receivedDate >= NL_SME_RULE_FROM ? SME_TERM_DAYS : MAX_TERM_DAYS;
}

export function nlHalfYear(
  entity: Entity,
  period: Period,
  invoices: Invoice[],
  isDutchSme: (supplierId: string) => boolean,
  fx?: FxTable,
): NlHalfYear {
  const inPeriod = (d: CalendarDate | null | undefined) => !!d && d >= period.from && d < period.to;
  const value = (inv: Invoice) => toBase(inv.amount, inv.currency, entity.baseCurrency, fx) ?? 0;
  const sum = (xs: Invoice[]) => xs.reduce((a, i) => a + value(i), 0);
  const shareOf = (hit: Invoice[], all: Invoice[]): Share => ({
    count: share(hit.length, all.length),
    value: share(sum(hit), sum(all)),
  });

  const made = invoices.filter((i) => isPaid(i) && i.amount > 0 && inPeriod(i.paidDate));
  const term = (i: Invoice) => statutoryTermDays(i, entity, isDutchSme(i.supplierId));
  const beyond = made.filter((i) => (daysToPay(i) as number) > term(i));
  const sme = made.filter((i) => term(i) === SME_TERM_DAYS);
  const smeBeyond = sme.filter((i) => (daysToPay(i) as number) > SME_TERM_DAYS);
  const received = invoices.filter((i) => !isCancelled(i) && i.amount > 0 && inPeriod(i.receivedDate));
  const longTerms = received.filter((i) => daysBetween(i.receivedDate, i.dueDate) > term(i));

  return {
    entity: { code: entity.code, name: entity.name, regime: entity.regime, isLarge: entity.isLarge },
    period: { from: period.from, to: period.to },
    practices: paymentPractices(invoices, period.from, period.to, entity.baseCurrency, fx),
    paidBeyondStatutoryTerm: { payments: made.length, ...shareOf(beyond, made) },
    smePaidBeyond30: entity.isLarge ? { payments: sme.length, ...shareOf(smeBeyond, sme) } : null,
    termsBeyondStatutory: { invoices: received.length, ...shareOf(longTerms, received) },
  };
}
