import { describe, expect, it } from 'vitest';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import { type HealthContext, supplierHealth } from '../../src/domain/supplier-health.ts';
import { inv } from './fixtures.ts';

const ctx: HealthContext = {
  asOf: '2025-03-02',
  baseCurrency: 'EUR',
  regime: 'NL',
  rates: shippedTable('EU'),
  org: { isLarge: true, defaultPaymentTermsDays: 30 },
};

describe('one supplier health snapshot', () => {
  const supplier = {
    supplierId: 'S1',
    name: 'Bakkerij Jansen',
    country: 'NL',
    employees: 6,
    annualRevenue: 365_000_00,
    revenueCurrency: 'EUR',
    paymentTermsDays: 30,
  };
  const invoices = [
    inv({ issueDate: '2025-01-01', dueDate: '2025-01-31', amount: 10_000_00 }), // open, 30 days overdue
    inv({ issueDate: '2025-02-20', dueDate: '2025-03-22', amount: 5_000_00 }), // not due
    inv({ issueDate: '2025-01-01', dueDate: '2025-01-31', amount: 1_000_00, paidDate: '2025-02-01' }), // paid 1 day late
    inv({ issueDate: '2025-02-01', dueDate: '2025-03-03', amount: -500_00 }), // credit note
    inv({ issueDate: '2025-01-01', dueDate: '2025-01-10', amount: 9_999_00, status: 'cancelled' }),
  ];
  const h = supplierHealth(supplier, invoices, ctx);

  it('derives ageing, outstanding (credit notes reduce it) and overdue (they do not)', () => {
    expect(h.ageing).toEqual({ EUR: { notDue: 5_000_00, d1_30: 10_000_00, d31_60: 0, d61_90: 0, d91plus: 0 } });
    expect(h.outstanding).toEqual({ EUR: 14_500_00 });
    expect(h.overdue).toEqual({ EUR: 10_000_00 });
    expect(h.maxDaysOverdue).toBe(30);
    expect(h.dbt).toBe(10);
  });

  it('owes interest on both late invoices and EUR 40 for each', () => {
    // 30 days on 10,000 (9,164) + 1 day on 1,000 (31) at 11.15 %.
    expect(h.interestOwed).toEqual({ EUR: 9_164 + 31 });
    expect(h.compensationOwed).toEqual({ EUR: 80_00 });
    expect(h.counts).toEqual({ invoices: 5, open: 3, paid: 1, late: 2, creditNotes: 1, cancelled: 1 });
  });

  it('relates the money to the supplier size and explains its harm score', () => {
    expect(h.sizeClass).toBe('micro');
    expect(h.spend12m).toEqual({ EUR: 16_000_00 });
    expect(h.dependencyShare).toBe(0.0438);
    expect(h.withheldRevenueDays).toBe(10);
    // 100 × (0.35·30/90 + 0.30·10/30 + 0.20·0.0438 + 0) × (0.5 + 0.5·1) = 22.54
    expect(h.harmScore).toBe(23);
    expect(h.harmLevel).toBe('low');
    expect(h.reasons).toContain('EUR 10000.00 overdue; the oldest invoice is 30 days past its due date');
    expect(h.reasons).toContain("holding back 10 days of the supplier's annual revenue");
    expect(h.reasons).toContain('micro supplier (SME)');
  });

  it('gives the same result for the same data and as-of date, byte for byte', () => {
    expect(JSON.stringify(supplierHealth(supplier, invoices, ctx))).toBe(JSON.stringify(h));
  });
});

describe('reasons of a supplier with many invoices on an unlawful term', () => {
  it('give the term once, counting the invoices and naming the first five, whatever their number', () => {
    const s = { supplierId: 'S9', name: 'Lange Termijn BV', country: 'DE', employees: 400, paymentTermsDays: 30 };
    const many = (n: number) =>
      Array.from({ length: n }, (_, k) =>
        inv({
          invoiceNumber: `T-${String(k).padStart(3, '0')}`,
          issueDate: '2025-01-01',
          receivedDate: '2025-01-01',
          dueDate: '2025-03-17',
        }),
      );
    const few = supplierHealth(s, many(2), ctx);
    const lots = supplierHealth(s, many(300), ctx);
    expect(lots.legalTermBreaches).toHaveLength(300);
    const sentence = lots.reasons.filter((r) => r.includes('payment terms'));
    expect(sentence).toEqual([
      '300 invoices (T-000, T-001, T-002, T-003, T-004 and 295 more) have payment terms of 75 days, above the legal maximum of 60 days (Directive 2011/7/EU)',
    ]);
    expect(few.reasons.filter((r) => r.includes('payment terms'))).toEqual([
      '2 invoices (T-000, T-001) have payment terms of 75 days, above the legal maximum of 60 days (Directive 2011/7/EU)',
    ]);
    // As long as with two invoices: the reasons do not grow with the invoices.
    expect(JSON.stringify(lots.reasons).length - JSON.stringify(few.reasons).length).toBeLessThan(40);
  });
});
