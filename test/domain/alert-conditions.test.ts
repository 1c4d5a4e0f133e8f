/** The alert rules on plain inputs: which conditions a supplier's day gives, and which may open an alert. */
import { describe, expect, it } from 'vitest';
import { alertConditions, type ConditionInput, conditionKey } from '../../src/domain/alerts/conditions.ts';
import { DEFAULT_RULES, type RuleSettings, withDefaults } from '../../src/domain/alerts/rules.ts';
import type { Invoice } from '../../src/domain/invoice.ts';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import type { Supplier } from '../../src/domain/supplier.ts';
import { supplierHealth } from '../../src/domain/supplier-health.ts';
import { inv } from './fixtures.ts';

const asOf = '2026-03-10';
const base: Supplier = { supplierId: 'S1', name: 'Bakkerij Jansen', country: 'DE', employees: 300, paymentTermsDays: 30 };

function conditions(supplier: Partial<Supplier>, invoices: Invoice[], opts: { previousScore?: number | null; rules?: RuleSettings } = {}) {
  const s = { ...base, ...supplier };
  const health = supplierHealth(s, invoices, {
    asOf,
    baseCurrency: 'EUR',
    regime: 'NL',
    rates: shippedTable('EU'),
    org: { isLarge: true, defaultPaymentTermsDays: 30 },
  });
  const input: ConditionInput = { health, invoices, previousScore: opts.previousScore ?? null, asOf, rules: opts.rules ?? DEFAULT_RULES };
  return alertConditions(input);
}
const rulesOf = (cs: ReturnType<typeof conditions>) => cs.map((c) => `${c.rule}:${c.subject}`).sort();

describe('will be late', () => {
  const due = (dueDate: string, extra: Partial<Invoice> = {}) =>
    inv({ invoiceNumber: `F-${dueDate}`, issueDate: '2026-02-01', receivedDate: '2026-02-01', dueDate, ...extra });
  it.each([
    ['due today, received only', due('2026-03-10'), ['willBeLate:F-2026-03-10|approval']],
    ['due in 3 days, received only', due('2026-03-13'), ['willBeLate:F-2026-03-13|approval']],
    ['due in 4 days: not yet', due('2026-03-14'), []],
    ['due in 2 days, approved but not scheduled', due('2026-03-12', { status: 'approved' }), ['willBeLate:F-2026-03-12|scheduling']],
    ['due in 2 days, scheduled', due('2026-03-12', { status: 'scheduled', scheduledDate: '2026-03-11' }), []],
    ['due in 2 days, disputed', due('2026-03-12', { status: 'disputed' }), []],
    ['due in 2 days, paid', due('2026-03-12', { paidDate: '2026-03-09' }), []],
    ['a credit note', due('2026-03-12', { amount: -50_00 }), []],
  ])('%s', (_name, invoice, expected) => {
    expect(rulesOf(conditions({}, [invoice])).filter((r) => r.startsWith('willBeLate'))).toEqual(expected);
  });

  it('is critical, names the invoice and says what is needed, with the amount still open', () => {
    const [c] = conditions({}, [due('2026-03-11', { amount: 1_234_56, paidAmount: 234_56 })]);
    expect(c).toMatchObject({
      rule: 'willBeLate',
      severity: 'critical',
      invoiceNumbers: ['F-2026-03-11'],
      facts: { daysLeft: 1, needs: 'approval', amount: { EUR: 1_000_00 }, dueDate: '2026-03-11' },
      opens: true,
    });
  });

  it('follows the rule’s window', () => {
    const rules = withDefaults({ willBeLate: { withinDays: 5 } });
    expect(rulesOf(conditions({}, [due('2026-03-14')], { rules }))).toEqual(['willBeLate:F-2026-03-14|approval']);
  });
});

describe('small or dependent supplier overdue', () => {
  const overdue = inv({ invoiceNumber: 'OLD', issueDate: '2026-01-01', dueDate: '2026-02-01', amount: 500_00 });
  it.each([
    ['micro', { employees: 4 }, true],
    ['small', { employees: 20 }, true],
    ['medium', { employees: 100 }, false],
    ['large but dependent (25 %)', { employees: 300, annualRevenue: 2_000_00, revenueCurrency: 'EUR' }, true],
    ['size unknown', { employees: null }, false],
  ])('%s', (_name, supplier, fires) => {
    expect(rulesOf(conditions(supplier, [overdue])).includes('smallSupplierOverdue:overdue')).toBe(fires);
  });

  it('not when nothing is overdue', () => {
    const notDue = inv({ issueDate: '2026-03-01', dueDate: '2026-03-31' });
    expect(rulesOf(conditions({ employees: 4 }, [notDue]))).toEqual([]);
  });

  it('lists the overdue invoices and the figures', () => {
    const c = conditions({ employees: 4 }, [overdue]).find((x) => x.rule === 'smallSupplierOverdue');
    expect(c).toMatchObject({
      severity: 'critical',
      invoiceNumbers: ['OLD'],
      facts: { sizeClass: 'micro', overdue: { EUR: 500_00 }, maxDaysOverdue: 37 },
    });
  });
});

describe('withheld revenue', () => {
  // Revenue 365,000.00 a year: 1,000.00 a day.
  const revenue = { employees: 300, annualRevenue: 365_000_00, revenueCurrency: 'EUR' };
  it.each([
    [4_990_00, false],
    [5_000_00, true],
  ])('overdue %i minor units', (amount, fires) => {
    const i = inv({ issueDate: '2026-01-01', dueDate: '2026-03-01', amount });
    expect(rulesOf(conditions(revenue, [i])).includes('withheldRevenue:withheld')).toBe(fires);
  });
});

describe('harm rising', () => {
  // Micro supplier, 100 days overdue, dependent: harm critical.
  const harmful = [inv({ issueDate: '2025-11-01', dueDate: '2025-12-01', amount: 50_000_00 })];
  const micro = { employees: 3, annualRevenue: 100_000_00, revenueCurrency: 'EUR' };
  it('opens when the level rose since the previous snapshot', () => {
    const c = conditions(micro, harmful, { previousScore: 30 }).find((x) => x.rule === 'harmRising');
    expect(c).toMatchObject({ subject: 'critical', opens: true, severity: 'critical', facts: { from: 'medium', to: 'critical' } });
  });
  it('keeps an open alert but does not open one when the level stayed', () => {
    const c = conditions(micro, harmful, { previousScore: 90 }).find((x) => x.rule === 'harmRising');
    expect(c).toMatchObject({ subject: 'critical', opens: false });
  });
  it('opens for a supplier without an earlier snapshot', () => {
    expect(conditions(micro, harmful, { previousScore: null }).find((x) => x.rule === 'harmRising')?.opens).toBe(true);
  });
  it('nothing at a low level', () => {
    expect(rulesOf(conditions({}, [inv({ issueDate: '2026-03-01', dueDate: '2026-03-31' })])).filter((r) => r.startsWith('harm'))).toEqual(
      [],
    );
  });
});

describe('unlawful terms', () => {
  it('the agreed term and an invoice’s own term, each its own condition', () => {
    const long = inv({ invoiceNumber: 'L-1', issueDate: '2026-01-01', receivedDate: '2026-01-01', dueDate: '2026-03-20' });
    expect(rulesOf(conditions({ paymentTermsDays: 90 }, [long])).filter((r) => r.startsWith('unlawful'))).toEqual([
      'unlawfulTerms:L-1',
      'unlawfulTerms:agreed',
    ]);
  });
  it('a Dutch SME with 45-day terms (large buyer)', () => {
    const [c] = conditions({ country: 'NL', employees: 20, paymentTermsDays: 45 }, []);
    expect(c).toMatchObject({ rule: 'unlawfulTerms', facts: { law: 'NL_SME_MAX_30_DAYS', termDays: 45, limitDays: 30 } });
  });
});

describe('dispute left open', () => {
  const disputed = (since: string | null, extra: Partial<Invoice> = {}) =>
    inv({ invoiceNumber: 'D-1', issueDate: '2026-02-01', dueDate: '2026-04-01', status: 'disputed', disputedSince: since, ...extra });
  it.each([
    ['15 days', '2026-02-23', true],
    ['14 days', '2026-02-24', false],
    ['since unknown', null, false],
  ])('%s', (_name, since, fires) => {
    expect(rulesOf(conditions({}, [disputed(since)])).includes('disputeOpen:D-1')).toBe(fires);
  });
  it('not once paid', () => {
    expect(rulesOf(conditions({}, [disputed('2026-01-01', { paidDate: '2026-03-01' })]))).toEqual([]);
  });
});

describe('settings', () => {
  it('a rule switched off gives nothing', () => {
    const rules = withDefaults({ willBeLate: { enabled: false } });
    const i = inv({ issueDate: '2026-02-01', dueDate: '2026-03-11' });
    expect(conditions({}, [i], { rules })).toEqual([]);
  });
  it('stored settings keep the defaults of fields they do not name', () => {
    expect(withDefaults({ disputeOpen: { days: 30 } }).disputeOpen).toEqual({ enabled: true, days: 30 });
    expect(withDefaults(null)).toEqual(DEFAULT_RULES);
  });
  it('a condition key names rule, supplier and subject', () => {
    expect(conditionKey({ rule: 'willBeLate', supplierId: 'S1', subject: 'F-1|approval' })).toBe('willBeLate|S1|F-1|approval');
  });
});
