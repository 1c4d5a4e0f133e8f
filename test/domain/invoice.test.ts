import { describe, expect, it } from 'vitest';
import { daysLate, daysOverdue, daysToPay, isOpen, isPaid, outstanding, paymentDelta, resolveInvoice } from '../../src/domain/invoice.ts';
import { inv } from './fixtures.ts';

describe('invoice derived dates', () => {
  const base = { supplierId: 'S', invoiceNumber: '1', issueDate: '2025-01-31', amount: 1000, currency: 'EUR' };

  it('receivedDate defaults to issueDate and dueDate to received + supplier terms', () => {
    const i = resolveInvoice(base, 30);
    expect(i.receivedDate).toBe('2025-01-31');
    expect(i.dueDate).toBe('2025-03-02');
  });

  it('falls back to the organisation terms, then to 30 days', () => {
    expect(resolveInvoice(base, null, 14).dueDate).toBe('2025-02-14');
    expect(resolveInvoice(base).dueDate).toBe('2025-03-02');
    expect(resolveInvoice({ ...base, receivedDate: '2025-02-10' }, 60).dueDate).toBe('2025-04-11');
  });

  it('keeps an explicit due date', () => {
    expect(resolveInvoice({ ...base, dueDate: '2025-02-01' }, 90).dueDate).toBe('2025-02-01');
  });
});

describe('outstanding, open and paid', () => {
  it.each([
    [{ amount: 10_000 }, 10_000, true, false],
    [{ amount: 10_000, paidAmount: 4_000, paidDate: '2025-02-01' }, 6_000, true, false],
    [{ amount: 10_000, paidDate: '2025-02-01' }, 0, false, true],
    [{ amount: 10_000, paidAmount: 10_000, paidDate: '2025-02-01' }, 0, false, true],
    [{ amount: -2_500 }, -2_500, true, false],
    [{ amount: 10_000, status: 'cancelled' as const }, 10_000, false, false],
  ])('%o: outstanding %i, open %s, paid %s', (fields, out, open, paid) => {
    const i = inv(fields);
    expect(outstanding(i)).toBe(out);
    expect(isOpen(i)).toBe(open);
    expect(isPaid(i)).toBe(paid);
  });
});

describe('lateness of one invoice', () => {
  it('counts days overdue of an open invoice from the day after the due date', () => {
    const i = inv({ dueDate: '2025-03-01' });
    expect(daysOverdue(i, '2025-02-28')).toBe(0);
    expect(daysOverdue(i, '2025-03-01')).toBe(0);
    expect(daysOverdue(i, '2025-03-02')).toBe(1);
    expect(daysOverdue(i, '2025-05-30')).toBe(90);
  });

  it('never counts a credit note, a paid or a cancelled invoice as overdue', () => {
    expect(daysOverdue(inv({ dueDate: '2025-01-01', amount: -500 }), '2025-06-01')).toBe(0);
    expect(daysOverdue(inv({ dueDate: '2025-01-01', paidDate: '2025-01-05' }), '2025-06-01')).toBe(0);
    expect(daysOverdue(inv({ dueDate: '2025-01-01', status: 'cancelled' }), '2025-06-01')).toBe(0);
  });

  it('measures a paid invoice: days late, days to pay, and the signed delta for early payment', () => {
    const late = inv({ issueDate: '2025-01-01', receivedDate: '2025-01-03', dueDate: '2025-02-02', paidDate: '2025-02-12' });
    expect(daysLate(late)).toBe(10);
    expect(daysToPay(late)).toBe(40);
    expect(paymentDelta(late)).toBe(10);
    const early = inv({ dueDate: '2025-02-02', paidDate: '2025-01-28' });
    expect(daysLate(early)).toBe(0);
    expect(paymentDelta(early)).toBe(-5);
    expect(daysLate(inv({ dueDate: '2025-02-02' }))).toBeNull();
  });
});
