import { describe, expect, it } from 'vitest';
import { ageing, creditNotesOf } from '../../src/domain/ageing.ts';
import { isOpen } from '../../src/domain/invoice.ts';
import { inv } from './fixtures.ts';

describe('ageing buckets', () => {
  const asOf = '2025-06-30';
  it.each([
    ['2025-07-15', 'notDue'],
    ['2025-06-30', 'notDue'],
    ['2025-06-29', 'd1_30'],
    ['2025-05-31', 'd1_30'],
    ['2025-05-30', 'd31_60'],
    ['2025-05-01', 'd31_60'],
    ['2025-04-30', 'd61_90'],
    ['2025-04-01', 'd61_90'],
    ['2025-03-31', 'd91plus'],
  ])('an invoice due %s is in %s on 30 June', (due, bucket) => {
    const table = ageing([inv({ dueDate: due, amount: 123_45 })], asOf).EUR;
    expect(table[bucket as keyof typeof table]).toBe(123_45);
    expect(Object.values(table).reduce((a, b) => a + b, 0)).toBe(123_45);
  });

  it('keeps one table per currency, buckets outstanding after partial payment, and leaves out credits, paid and cancelled', () => {
    const t = ageing(
      [
        inv({ dueDate: '2025-06-01', amount: 1000_00, paidAmount: 400_00, paidDate: '2025-06-10' }),
        inv({ dueDate: '2025-06-01', amount: 50_00, currency: 'USD' }),
        inv({ dueDate: '2025-06-01', amount: -300_00 }),
        inv({ dueDate: '2025-06-01', amount: 70_00, paidDate: '2025-06-02' }),
        inv({ dueDate: '2025-06-01', amount: 80_00, status: 'cancelled' }),
      ],
      asOf,
    );
    expect(t).toEqual({
      EUR: { notDue: 0, d1_30: 600_00, d31_60: 0, d61_90: 0, d91plus: 0 },
      USD: { notDue: 0, d1_30: 50_00, d31_60: 0, d61_90: 0, d91plus: 0 },
    });
  });
});

describe('the totals add up', () => {
  it('outstanding = not due + overdue + open credit notes, per currency, and a cancelled invoice is in none', () => {
    const asOf = '2025-06-30';
    const invoices = [
      inv({ invoiceNumber: 'N', amount: 1_000_00, dueDate: '2025-07-15' }),
      inv({ invoiceNumber: 'O', amount: 500_00, dueDate: '2025-06-01' }),
      inv({ invoiceNumber: 'C', amount: -200_00, dueDate: '2025-06-01' }),
      inv({ invoiceNumber: 'X', amount: 900_00, dueDate: '2025-05-01', status: 'cancelled' }),
      inv({ invoiceNumber: 'G', amount: 300_00, currency: 'GBP', dueDate: '2025-08-01' }),
    ];
    const byCurrency = ageing(invoices, asOf);
    const outstanding: Record<string, number> = {};
    for (const i of invoices) if (isOpen(i)) outstanding[i.currency] = (outstanding[i.currency] ?? 0) + i.amount;
    expect(outstanding).toEqual({ EUR: 1_300_00, GBP: 300_00 });
    expect(creditNotesOf(outstanding, byCurrency)).toEqual({ EUR: -200_00 });
    expect(byCurrency.EUR).toMatchObject({ notDue: 1_000_00, d1_30: 500_00 });
  });
});
