import { describe, expect, it } from 'vitest';
import { paymentPractices } from '../../src/domain/payment-practices.ts';
import { median, nearestRank } from '../../src/domain/stats.ts';
import { inv } from './fixtures.ts';

describe('statistics conventions', () => {
  it('takes the mean of the two middle values as the median of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNull();
  });

  it('takes the nearest rank ⌈0.95·n⌉ as the 95th percentile', () => {
    expect(nearestRank([10, 20, 30, 40, 70], 0.95)).toBe(70);
    expect(
      nearestRank(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(19);
    expect(
      nearestRank(
        Array.from({ length: 21 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(20);
    expect(nearestRank([3], 0.95)).toBe(3);
  });
});

describe('payment-practice report for [from, to)', () => {
  const paid = (receivedDate: string, paidDate: string, amount: number, extra = {}) =>
    inv({ issueDate: receivedDate, receivedDate, dueDate: '2025-03-01', paidDate, amount, ...extra });

  it('measures payments made in the period: mean, median, p95 and the 30/60 bands by count and value', () => {
    const invoices = [
      paid('2025-01-01', '2025-01-11', 100_00), // 10 days
      paid('2025-01-01', '2025-01-21', 100_00), // 20
      paid('2025-01-01', '2025-01-31', 200_00), // 30
      paid('2025-01-01', '2025-02-10', 100_00), // 40
      paid('2025-01-01', '2025-03-12', 500_00), // 70
      paid('2024-12-01', '2024-12-31', 999_00), // paid before the period
      paid('2025-01-01', '2025-04-01', 999_00), // paid on `to`: outside [from, to)
      paid('2025-01-01', '2025-01-15', -50_00), // credit note
      paid('2025-01-01', '2025-01-15', 70_00, { status: 'cancelled' }),
    ];
    const r = paymentPractices(invoices, '2025-01-01', '2025-04-01', 'EUR');
    expect(r.paymentsMade).toBe(5);
    expect(r.meanDaysToPay).toBe(34);
    expect(r.medianDaysToPay).toBe(30);
    expect(r.p95DaysToPay).toBe(70);
    expect(r.within30).toEqual({ count: 0.6, value: 0.4 });
    expect(r.days31to60).toEqual({ count: 0.2, value: 0.1 });
    expect(r.over60).toEqual({ count: 0.2, value: 0.5 });
  });

  it('measures payments due in the period: share not paid within terms and the disputed part of those', () => {
    const invoices = [
      inv({ dueDate: '2025-02-10', paidDate: '2025-02-10', amount: 100_00 }), // on time (on the due date)
      inv({ dueDate: '2025-02-10', paidDate: '2025-02-11', amount: 300_00 }), // late
      inv({ dueDate: '2025-02-20', amount: 100_00, status: 'disputed' }), // unpaid, disputed
      inv({ dueDate: '2025-02-20', amount: 500_00, disputeReason: 'wrong quantity', paidDate: '2025-03-30' }), // late, disputed
      inv({ dueDate: '2025-04-01', amount: 100_00 }), // due on `to`: outside
      inv({ dueDate: '2025-02-10', amount: -100_00 }), // credit note
    ];
    const r = paymentPractices(invoices, '2025-01-01', '2025-04-01', 'EUR');
    expect(r.paymentsDue).toBe(4);
    expect(r.notWithinTerms).toEqual({ count: 0.75, value: 0.9 });
    expect(r.disputedShareOfLate).toBe(0.6667);
  });

  it('reports nulls, not zeros, when nothing was paid or due', () => {
    const r = paymentPractices([], '2025-01-01', '2025-04-01', 'EUR');
    expect(r).toMatchObject({ paymentsMade: 0, meanDaysToPay: null, medianDaysToPay: null, p95DaysToPay: null, paymentsDue: 0 });
    expect(r.within30).toEqual({ count: null, value: null });
    expect(r.disputedShareOfLate).toBeNull();
  });

  it('weighs values in the base currency and names currencies it could not convert', () => {
    const invoices = [paid('2025-01-01', '2025-01-11', 100_00), paid('2025-01-01', '2025-03-12', 100_00, { currency: 'USD' })];
    const withFx = paymentPractices(invoices, '2025-01-01', '2025-04-01', 'EUR', { base: 'EUR', rates: { USD: '0.5' } });
    expect(withFx.within30.value).toBe(0.6667);
    const without = paymentPractices(invoices, '2025-01-01', '2025-04-01', 'EUR');
    expect(without.within30).toEqual({ count: 0.5, value: 1 });
    expect(without.unconvertedCurrencies).toEqual(['USD']);
  });
});
