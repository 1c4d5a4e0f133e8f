/**
 * What a supplier's status page says, as plain values: each invoice's state, the expected payment
 * date, the rates its interest ran at, the 12-month payment history, and the page's totals.
 */
import { describe, expect, it } from 'vitest';
import { monthStart, previousHalfYear } from '../../src/domain/dates.ts';
import { expectedPayment, paymentDelay } from '../../src/domain/expected-payment.ts';
import { interestRates } from '../../src/domain/interest.ts';
import { invoiceState } from '../../src/domain/invoice-state.ts';
import { historyFrom, paymentHistory } from '../../src/domain/payment-history.ts';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import { supplierStatus } from '../../src/domain/supplier-status.ts';
import { publishedPeriods } from '../../src/services/published-practices.ts';
import { inv } from './fixtures.ts';

const EU = shippedTable('EU');
const UK = shippedTable('UK');

describe('dates for the history and the published half-years', () => {
  it.each([
    ['2025-11-20', 0, '2025-11-01'],
    ['2025-11-20', -11, '2024-12-01'],
    ['2025-01-31', -1, '2024-12-01'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
  ])('the month of %s shifted by %d starts on %s', (d, n, expected) => {
    expect(monthStart(d, n)).toBe(expected);
  });

  it.each([
    ['2025-11-20', '2025-01-01'],
    ['2025-07-01', '2025-01-01'],
    ['2025-06-30', '2024-07-01'],
    ['2025-01-01', '2024-07-01'],
  ])('the half-year before the one of %s starts on %s', (d, expected) => {
    expect(previousHalfYear(d)).toBe(expected);
  });

  it('publishes the last completed half-year first, then the four before it', () => {
    expect(publishedPeriods('2025-11-20')).toEqual([
      { from: '2025-01-01', to: '2025-07-01' },
      { from: '2024-07-01', to: '2025-01-01' },
      { from: '2024-01-01', to: '2024-07-01' },
      { from: '2023-07-01', to: '2024-01-01' },
      { from: '2023-01-01', to: '2023-07-01' },
    ]);
    expect(publishedPeriods('2025-07-01')[0]).toEqual({ from: '2025-01-01', to: '2025-07-01' });
    expect(publishedPeriods('2025-06-30')[0]).toEqual({ from: '2024-07-01', to: '2025-01-01' });
  });
});

describe('where an invoice stands', () => {
  it.each([
    ['no status, nothing paid', {}, 'received'],
    ['approved', { status: 'approved' as const }, 'approved'],
    ['a scheduled date without a status', { scheduledDate: '2025-03-01' }, 'scheduled'],
    ['a dispute reason without a status', { disputeReason: 'wrong price' }, 'disputed'],
    ['a dispute reason on an approved invoice', { status: 'approved' as const, disputeReason: 'wrong price' }, 'disputed'],
    ['paid, whatever the stale status column says', { status: 'approved' as const, paidDate: '2025-02-01' }, 'paid'],
    ['status paid but no payment date: still open', { status: 'paid' as const }, 'received'],
    ['cancelled, even with a payment date', { status: 'cancelled' as const, paidDate: '2025-02-01' }, 'cancelled'],
  ])('%s: %s', (_name, fields, expected) => {
    expect(invoiceState(inv(fields))).toBe(expected);
  });
});

describe('the expected payment date', () => {
  const asOf = '2025-11-20';
  const paidHistory = [
    inv({ dueDate: '2025-07-01', paidDate: '2025-07-11' }),
    inv({ dueDate: '2025-07-31', paidDate: '2025-08-20' }),
    inv({ dueDate: '2025-08-31', paidDate: '2025-09-05' }),
    // Before the window: does not count.
    inv({ dueDate: '2024-05-31', paidDate: '2024-07-15' }),
    // A credit note's "payment" does not count either.
    inv({ amount: -50_00, dueDate: '2025-08-01', paidDate: '2025-10-30' }),
  ];

  it('takes the median delay over payments in the window, rounded up to whole days', () => {
    expect(paymentDelay(paidHistory, historyFrom(asOf), asOf)).toEqual({ days: 10, payments: 3 });
    // An even count: the mean of the middle two (10 and 20 = 15); 5 and 6 → 5.5 → 6.
    expect(paymentDelay([...paidHistory, inv({ dueDate: '2025-09-01', paidDate: '2025-10-01' })], historyFrom(asOf), asOf).days).toBe(15);
    expect(
      paymentDelay(
        [inv({ dueDate: '2025-09-01', paidDate: '2025-09-06' }), inv({ dueDate: '2025-09-01', paidDate: '2025-09-07' })],
        '2025-01-01',
        asOf,
      ).days,
    ).toBe(6);
    // Paid early: a negative delay.
    expect(paymentDelay([inv({ dueDate: '2025-09-10', paidDate: '2025-09-01' })], '2025-01-01', asOf).days).toBe(-9);
    expect(paymentDelay([], '2025-01-01', asOf)).toEqual({ days: null, payments: 0 });
  });

  const delay = { days: 10, payments: 3 };
  it.each([
    ['not yet due: due date plus the median delay', { dueDate: '2025-12-01' }, { date: '2025-12-11', kind: 'estimate' }],
    ['overdue past the estimate: not before today', { dueDate: '2025-10-01' }, { date: asOf, kind: 'estimate' }],
    ['a scheduled date ahead', { dueDate: '2025-12-05', scheduledDate: '2025-12-03' }, { date: '2025-12-03', kind: 'scheduled' }],
    [
      'a scheduled date already passed: an estimate instead',
      { dueDate: '2025-12-05', scheduledDate: '2025-11-01' },
      { date: '2025-12-15', kind: 'estimate' },
    ],
    ['in dispute: none', { dueDate: '2025-12-05', status: 'disputed' as const }, null],
    ['a credit note: none', { dueDate: '2025-12-05', amount: -10_00 }, null],
    ['paid: none', { dueDate: '2025-12-05', paidDate: '2025-11-01' }, null],
    ['cancelled: none', { dueDate: '2025-12-05', status: 'cancelled' as const }, null],
  ])('%s', (_name, fields, expected) => {
    expect(expectedPayment(inv(fields), asOf, delay)).toEqual(expected);
  });

  it('without payment history, estimates the due date itself', () => {
    expect(expectedPayment(inv({ dueDate: '2025-12-01' }), asOf, { days: null, payments: 0 })).toEqual({
      date: '2025-12-01',
      kind: 'estimate',
    });
  });
});

describe('the rates an invoice’s interest ran at', () => {
  it.each([
    ['within one half-year', { dueDate: '2025-09-30' }, '2025-11-20', 'NL', [1015]],
    ['across 1 July', { dueDate: '2025-06-10' }, '2025-07-20', 'NL', [1115, 1015]],
    ['across three half-years, EU', { dueDate: '2024-06-10' }, '2025-07-02', 'EU', [1250, 1225, 1115, 1015]],
    ['paid late: up to the payment date only', { dueDate: '2025-06-10', paidDate: '2025-06-20' }, '2025-11-20', 'NL', [1115]],
    ['not late: none', { dueDate: '2025-12-10' }, '2025-11-20', 'NL', []],
    ['a credit note: none', { dueDate: '2025-06-10', amount: -5_00 }, '2025-11-20', 'NL', []],
  ])('%s', (_name, fields, asOf, regime, expected) => {
    expect(interestRates(inv(fields), asOf, regime as 'NL' | 'EU', EU)).toEqual(expected);
  });

  it('is one fixed rate per debt under the UK regime (Bank Rate on the 30 June / 31 December before)', () => {
    const rates = interestRates(inv({ dueDate: '2025-06-10' }), '2025-11-20', 'UK', UK);
    expect(rates).toHaveLength(1);
  });
});

describe('the 12-month payment history', () => {
  it('gives each calendar month its payments, ending with the as-of month (up to the as-of date)', () => {
    const invoices = [
      inv({ receivedDate: '2025-06-01', dueDate: '2025-07-01', paidDate: '2025-07-11' }),
      inv({ receivedDate: '2025-06-20', dueDate: '2025-07-20', paidDate: '2025-07-20' }),
      inv({ receivedDate: '2025-10-01', dueDate: '2025-10-31', paidDate: '2025-11-20' }),
      // After the as-of date: not yet a payment.
      inv({ receivedDate: '2025-10-01', dueDate: '2025-10-31', paidDate: '2025-11-21' }),
    ];
    const h = paymentHistory(invoices, '2025-11-20', 'EUR');
    expect(h.from).toBe('2024-12-01');
    expect(h.to).toBe('2025-11-21');
    expect(h.months.map((m) => m.month)).toEqual([
      '2024-12-01',
      '2025-01-01',
      '2025-02-01',
      '2025-03-01',
      '2025-04-01',
      '2025-05-01',
      '2025-06-01',
      '2025-07-01',
      '2025-08-01',
      '2025-09-01',
      '2025-10-01',
      '2025-11-01',
    ]);
    // July: 40 and 30 days to pay. November: 50 (the one paid on the 21st is not counted).
    expect(h.months[7]).toEqual({ month: '2025-07-01', paymentsMade: 2, meanDaysToPay: 35, medianDaysToPay: 35 });
    expect(h.months[11]).toEqual({ month: '2025-11-01', paymentsMade: 1, meanDaysToPay: 50, medianDaysToPay: 50 });
    expect(h.months[0].paymentsMade).toBe(0);
    expect(h.overall.paymentsMade).toBe(3);
    expect(h.overall.medianDaysToPay).toBe(40);
  });
});

describe('a supplier’s status', () => {
  const supplier = { supplierId: 'S1', name: 'Bakkerij', paymentTermsDays: 30, country: 'NL', employees: 5 };
  const ctx = {
    asOf: '2025-11-20',
    baseCurrency: 'EUR',
    regime: 'NL' as const,
    rates: EU,
    org: { isLarge: true, defaultPaymentTermsDays: 30 },
  };

  it('lists open invoices (longest overdue first), then payments of the last 12 months (latest first), with the totals finance sees', () => {
    const invoices = [
      inv({ invoiceNumber: 'paid-old', dueDate: '2024-05-31', paidDate: '2024-07-15', amount: 250_00 }),
      inv({ invoiceNumber: 'paid-a', dueDate: '2025-07-01', paidDate: '2025-07-11', amount: 500_00 }),
      inv({ invoiceNumber: 'paid-b', dueDate: '2025-08-31', paidDate: '2025-09-05', amount: 600_00 }),
      inv({ invoiceNumber: 'open-late', dueDate: '2025-10-01', amount: 1234_56 }),
      inv({ invoiceNumber: 'open-later', dueDate: '2025-11-14', amount: 800_00 }),
      inv({ invoiceNumber: 'not-due', dueDate: '2025-12-01', amount: 450_00 }),
      inv({ invoiceNumber: 'cancelled-old', issueDate: '2024-01-01', dueDate: '2024-02-01', status: 'cancelled' }),
    ];
    const st = supplierStatus(supplier, invoices, ctx);
    expect(st.invoices.map((i) => i.invoiceNumber)).toEqual(['open-late', 'open-later', 'not-due', 'paid-b', 'paid-a']);
    expect(st.unlistedLate).toBe(1);
    expect(st.invoices[0]).toMatchObject({
      daysOverdue: 50,
      interest: 17_17,
      compensation: { amount: 40_00, currency: 'EUR' },
      ratesBp: [1015],
    });
    expect(st.invoices[2]).toMatchObject({
      daysOverdue: 0,
      interest: null,
      compensation: null,
      expected: { date: '2025-12-09', kind: 'estimate' },
      // the median delay of +10 and +5 days is 7.5, rounded up to 8
    });
    expect(st.health.outstanding).toEqual({ EUR: 2484_56 });
    expect(st.terms).toEqual({ days: 30, agreed: true });
    expect(st.legalLimit).toBeNull();
  });

  it('names the legal limit for agreed terms that break it, and uses the organisation’s term when none is agreed', () => {
    expect(supplierStatus({ ...supplier, paymentTermsDays: 45 }, [], ctx).legalLimit).toMatchObject({
      rule: 'NL_SME_MAX_30_DAYS',
      termDays: 45,
      limitDays: 30,
    });
    expect(supplierStatus({ ...supplier, paymentTermsDays: 90, employees: 500 }, [], ctx).legalLimit).toMatchObject({
      rule: 'EU_MAX_60_DAYS',
    });
    expect(supplierStatus({ ...supplier, paymentTermsDays: null }, [], ctx).terms).toEqual({ days: 30, agreed: false });
  });
});
