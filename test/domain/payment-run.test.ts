/** The payment-run proposal on plain values: what it may pay, what it prefers, and the figures around it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidIban, normalizeIban } from '../../src/domain/iban.ts';
import { type Invoice, isDisputed } from '../../src/domain/invoice.ts';
import { proposePaymentRun, type RunContext, RunError } from '../../src/domain/payment-run.ts';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import type { Supplier } from '../../src/domain/supplier.ts';
import { inv } from './fixtures.ts';

const ctx: RunContext = {
  asOf: '2025-11-20',
  payDate: '2025-11-20',
  baseCurrency: 'EUR',
  regime: 'NL',
  rates: shippedTable('EU'),
  org: { isLarge: true, defaultPaymentTermsDays: 30 },
};

const suppliers: Supplier[] = [
  {
    supplierId: 'MICRO',
    name: 'Bakkerij',
    employees: 4,
    annualRevenue: 200_000_00,
    revenueCurrency: 'EUR',
    paymentTermsDays: 30,
    country: 'NL',
  },
  {
    supplierId: 'LARGE',
    name: 'Staal BV',
    employees: 900,
    annualRevenue: 90_000_000_00,
    revenueCurrency: 'EUR',
    paymentTermsDays: 30,
    country: 'NL',
  },
];
const of = (supplierId: string, fields: Partial<Invoice>) => inv({ supplierId, ...fields });

describe('a payment-run proposal', () => {
  const invoices = [
    of('MICRO', { invoiceNumber: 'M1', dueDate: '2025-10-01', amount: 5_000_00 }),
    of('MICRO', { invoiceNumber: 'M2', dueDate: '2025-11-01', amount: 3_000_00 }),
    of('LARGE', { invoiceNumber: 'L1', dueDate: '2025-09-01', amount: 8_000_00 }),
    of('LARGE', { invoiceNumber: 'L-disputed', dueDate: '2025-08-01', amount: 1_000_00, status: 'disputed' }),
    of('MICRO', { invoiceNumber: 'M-credit', dueDate: '2025-10-01', amount: -500_00 }),
    of('MICRO', { invoiceNumber: 'M-later', dueDate: '2025-12-15', amount: 1_000_00 }),
    of('LARGE', { invoiceNumber: 'L-usd', dueDate: '2025-10-01', amount: 700_00, currency: 'USD' }),
  ];

  it('pays the small dependent supplier first, clears it, and then keeps later invoices on time', () => {
    const p = proposePaymentRun(suppliers, invoices, { budgets: { EUR: 9_000_00 } }, ctx);
    expect(p.payments.map((x) => x.invoiceNumber)).toEqual(['M1', 'M2', 'M-later']);
    // Together, the run's payments clear everything overdue to MICRO: each of them says so.
    expect(p.payments[0].why).toMatchObject({ sizeClass: 'micro', daysOverdue: 50, clearsSupplier: true });
    expect(p.payments[1].why.clearsSupplier).toBe(true);
    expect(p.payments[2]).toMatchObject({ harmRemoved: 0, daysOverdue: 0 });
    // Paying all of MICRO's overdue removes all of its late-payment harm: its parts add up to it.
    expect(p.payments[0].harmRemoved + p.payments[1].harmRemoved).toBeCloseTo(p.harmRemoved, 1);
    expect(p.currencies).toEqual([{ currency: 'EUR', budget: 9_000_00, spent: 9_000_00, method: 'exact', harmRemoved: p.harmRemoved }]);
    expect(p.compensationAvoided).toEqual({ EUR: 40_00 });
    expect(p.excluded).toEqual({ disputed: 1, notApproved: 0, noBudget: 1, creditNotes: 1, dropped: 0 });
    expect(p.after.overdue.EUR).toBe(p.before.overdue.EUR - 8_000_00);
    expect(
      p.before.suppliersByLevel.low +
        p.before.suppliersByLevel.medium +
        p.before.suppliersByLevel.high +
        p.before.suppliersByLevel.critical,
    ).toBe(2);
    expect(p.after.interestNext30Days.EUR).toBeLessThan(p.before.interestNext30Days.EUR);
  });

  it('removes more harm than paying the oldest or the largest invoice first, and says how much', () => {
    const p = proposePaymentRun(suppliers, invoices, { budgets: { EUR: 8_000_00 } }, ctx);
    const [oldest, largest] = p.rules;
    expect(oldest.rule).toBe('oldest-due-first');
    expect(largest.rule).toBe('largest-first');
    // Both rules pay the large supplier's 8,000: oldest and largest; it carries less harm.
    expect(oldest.harmRemoved).toBeLessThan(p.harmRemoved);
    expect(largest.harmRemoved).toBeLessThan(p.harmRemoved);
  });

  it('never proposes a disputed invoice, a credit note, or one in a currency without a budget', () => {
    const p = proposePaymentRun(suppliers, invoices, { budgets: { EUR: 1_000_000_00 } }, ctx);
    const numbers = p.payments.map((x) => x.invoiceNumber);
    expect(numbers).not.toContain('L-disputed');
    expect(numbers).not.toContain('M-credit');
    expect(numbers).not.toContain('L-usd');
    expect(numbers.sort()).toEqual(['L1', 'M-later', 'M1', 'M2']);
  });

  it('with approved-only, keeps to approved and scheduled invoices', () => {
    const approved = [...invoices, of('LARGE', { invoiceNumber: 'L-ok', dueDate: '2025-10-10', amount: 100_00, status: 'approved' })];
    const p = proposePaymentRun(suppliers, approved, { budgets: { EUR: 1_000_000_00 }, approvedOnly: true }, ctx);
    expect(p.payments.map((x) => x.invoiceNumber)).toEqual(['L-ok']);
    // M1, M2, M-later, L1 and L-usd (left out as not approved before its currency is looked at).
    expect(p.excluded.notApproved).toBe(5);
  });

  it('pays must-pay invoices first, and refuses ones it cannot pay, saying why', () => {
    const p = proposePaymentRun(
      suppliers,
      invoices,
      { budgets: { EUR: 8_000_00 }, mustPay: [{ supplierId: 'LARGE', invoiceNumber: 'L1' }] },
      ctx,
    );
    expect(p.payments.map((x) => x.invoiceNumber)).toEqual(['L1']);
    expect(p.payments[0].mustPay).toBe(true);
    expect(() =>
      proposePaymentRun(suppliers, invoices, { budgets: { EUR: 1_00 }, mustPay: [{ supplierId: 'LARGE', invoiceNumber: 'L1' }] }, ctx),
    ).toThrow(/must-pay invoices in EUR need 800000 minor units, more than the budget of 100/);
    expect(() =>
      proposePaymentRun(
        suppliers,
        invoices,
        { budgets: { EUR: 1_00 }, mustPay: [{ supplierId: 'LARGE', invoiceNumber: 'L-disputed' }] },
        ctx,
      ),
    ).toThrow(RunError);
    expect(() =>
      proposePaymentRun(suppliers, invoices, { budgets: { EUR: 1_00 }, mustPay: [{ supplierId: 'X', invoiceNumber: 'nope' }] }, ctx),
    ).toThrow(/not an open invoice/);
  });

  it('keeps each supplier within a cap', () => {
    const p = proposePaymentRun(suppliers, invoices, { budgets: { EUR: 1_000_000_00 }, supplierCap: { EUR: 5_000_00 } }, ctx);
    const micro = p.payments.filter((x) => x.supplierId === 'MICRO').reduce((a, x) => a + x.amount, 0);
    expect(micro).toBeLessThanOrEqual(5_000_00);
    expect(p.payments.some((x) => x.supplierId === 'LARGE')).toBe(false);
  });

  it('with a budget of zero pays nothing and changes no figure', () => {
    const p = proposePaymentRun(suppliers, invoices, { budgets: { EUR: 0 } }, ctx);
    expect(p.payments).toEqual([]);
    expect(p.after).toEqual(p.before);
    expect(p.currencies[0].method).toBe('none');
  });

  it('for any invoices and budget: within the budget, nothing disputed, at least as much harm removed as either simple rule', () => {
    const arb = fc.array(
      fc.record({
        supplier: fc.constantFrom('MICRO', 'LARGE'),
        amount: fc.integer({ min: -1_000_00, max: 20_000_00 }).filter((a) => a !== 0),
        due: fc.integer({ min: 0, max: 200 }),
        status: fc.constantFrom(undefined, 'approved', 'disputed', 'scheduled'),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 100_000_00 }), (raw, budget) => {
        const list = raw.map((r, i) =>
          of(r.supplier, {
            invoiceNumber: `F${i}`,
            amount: r.amount,
            issueDate: '2025-01-01',
            dueDate: `2025-${String(1 + (Math.floor(r.due / 28) % 12)).padStart(2, '0')}-${String(1 + (r.due % 28)).padStart(2, '0')}`,
            status: r.status as Invoice['status'],
          }),
        );
        const p = proposePaymentRun(suppliers, list, { budgets: { EUR: budget } }, ctx);
        expect(p.payments.reduce((a, x) => a + x.amount, 0)).toBeLessThanOrEqual(budget);
        const byNumber = new Map(list.map((i) => [i.invoiceNumber, i]));
        for (const x of p.payments) expect(isDisputed(byNumber.get(x.invoiceNumber) as Invoice)).toBe(false);
        for (const r of p.rules) expect(p.harmRemoved).toBeGreaterThanOrEqual(r.harmRemoved - 0.011);
      }),
      { numRuns: 150 },
    );
  });
});

describe('IBANs', () => {
  it.each([
    ['NL91 ABNA 0417 1643 00', true],
    ['nl91abna0417164300', true],
    ['GB82 WEST 1234 5698 7654 32', true],
    ['NL91 ABNA 0417 1643 01', false],
    ['NL91', false],
    ['1234567890', false],
  ])('%s is %s', (iban, valid) => {
    expect(isValidIban(iban)).toBe(valid);
  });
  it('is stored without spaces, in capitals', () => {
    expect(normalizeIban('nl91 abna-0417 1643 00')).toBe('NL91ABNA0417164300');
  });
});
