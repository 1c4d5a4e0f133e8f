import { describe, expect, it } from 'vitest';
import { dependencyShare, legalTermBreaches, sizeClassOf, spend12m, withheldRevenueDays } from '../../src/domain/supplier.ts';
import { inv } from './fixtures.ts';

const org = { isLarge: true, defaultPaymentTermsDays: 30 };

describe('supplier size', () => {
  it.each([
    [0, 'micro'],
    [9, 'micro'],
    [10, 'small'],
    [49, 'small'],
    [50, 'medium'],
    [249, 'medium'],
    [250, 'large'],
  ])('%i employees is %s', (employees, size) => {
    expect(sizeClassOf({ supplierId: 'x', name: 'x', employees })).toBe(size);
  });

  it('keeps a given size class and leaves an unknown size unknown', () => {
    expect(sizeClassOf({ supplierId: 'x', name: 'x', employees: 3, sizeClass: 'large' })).toBe('large');
    expect(sizeClassOf({ supplierId: 'x', name: 'x' })).toBeNull();
  });
});

describe('dependency and withheld revenue', () => {
  const asOf = '2025-06-30';
  const invoices = [
    inv({ issueDate: '2025-06-30', amount: 100_000_00 }),
    inv({ issueDate: '2024-07-01', amount: 50_000_00 }), // asOf − 364: inside
    inv({ issueDate: '2024-06-30', amount: 999_000_00 }), // asOf − 365: outside
    inv({ issueDate: '2025-07-01', amount: 999_000_00 }), // after asOf
    inv({ issueDate: '2025-03-01', amount: -20_000_00 }), // credit: not spend
    inv({ issueDate: '2025-03-01', amount: 7_00, currency: 'USD' }),
  ];

  it('sums positive amounts issued in (asOf − 365, asOf], per currency', () => {
    expect(spend12m(invoices, asOf)).toEqual({ EUR: 150_000_00, USD: 7_00 });
  });

  it('divides spend in the revenue currency by revenue, capped at 1, and is null without revenue', () => {
    const spend = spend12m(invoices, asOf);
    expect(dependencyShare({ supplierId: 's', name: 's', annualRevenue: 600_000_00, revenueCurrency: 'EUR' }, spend)).toBe(0.25);
    expect(dependencyShare({ supplierId: 's', name: 's', annualRevenue: 100_000_00, revenueCurrency: 'EUR' }, spend)).toBe(1);
    expect(dependencyShare({ supplierId: 's', name: 's' }, spend)).toBeNull();
  });

  it('expresses overdue money as days of the supplier revenue', () => {
    expect(withheldRevenueDays({ supplierId: 's', name: 's', annualRevenue: 365_000_00, revenueCurrency: 'EUR' }, { EUR: 10_000_00 })).toBe(
      10,
    );
    expect(withheldRevenueDays({ supplierId: 's', name: 's' }, { EUR: 10_000_00 })).toBeNull();
  });
});

describe('legal payment terms', () => {
  const dutchSme = { supplierId: 's', name: 's', country: 'NL', employees: 12 };

  it('flags terms above 60 days for any supplier', () => {
    const b = legalTermBreaches({ supplierId: 's', name: 's', paymentTermsDays: 90 }, [], org);
    expect(b.map((x) => [x.rule, x.termDays])).toEqual([['EU_MAX_60_DAYS', 90]]);
  });

  it('flags terms above 30 days for a Dutch SME when the organisation is large, not otherwise', () => {
    expect(legalTermBreaches({ ...dutchSme, paymentTermsDays: 45 }, [], org).map((b) => b.rule)).toEqual(['NL_SME_MAX_30_DAYS']);
    expect(legalTermBreaches({ ...dutchSme, paymentTermsDays: 45 }, [], { ...org, isLarge: false })).toEqual([]);
    expect(legalTermBreaches({ ...dutchSme, country: 'BE', paymentTermsDays: 45 }, [], org)).toEqual([]);
    expect(legalTermBreaches({ ...dutchSme, employees: 400, paymentTermsDays: 45 }, [], org)).toEqual([]);
    expect(legalTermBreaches({ ...dutchSme, paymentTermsDays: 30 }, [], org)).toEqual([]);
  });

  it('checks each invoice own term, and the NL SME rule only for invoices received from 1 July 2022', () => {
    const invoices = [
      inv({ invoiceNumber: 'A', receivedDate: '2022-06-30', dueDate: '2022-08-14' }), // 45 days, before the rule
      inv({ invoiceNumber: 'B', receivedDate: '2022-07-01', dueDate: '2022-08-15' }), // 45 days, after
      inv({ invoiceNumber: 'C', receivedDate: '2022-01-01', dueDate: '2022-04-01' }), // 90 days
    ];
    const b = legalTermBreaches({ ...dutchSme, paymentTermsDays: 30 }, invoices, org);
    expect(b.map((x) => `${x.invoiceNumber}:${x.rule}`)).toEqual(['B:NL_SME_MAX_30_DAYS', 'C:EU_MAX_60_DAYS']);
  });
});
