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
/** Every reason of every condition, as rule:subject. */
const rulesOf = (cs: ReturnType<typeof conditions>) => cs.flatMap((c) => c.rules.map((r) => `${r}:${c.subject}`)).sort();
const factsOf = (cs: ReturnType<typeof conditions>, rule: string) => cs.flatMap((c) => c.facts).find((f) => f.rule === rule);

describe('will be late', () => {
  const due = (dueDate: string, extra: Partial<Invoice> = {}) =>
    inv({ invoiceNumber: `F-${dueDate}`, issueDate: '2026-02-01', receivedDate: '2026-02-01', dueDate, ...extra });
  it.each([
    ['due today, received only', due('2026-03-10'), ['willBeLate:payment']],
    ['due in 3 days, received only', due('2026-03-13'), ['willBeLate:payment']],
    ['due in 4 days: not yet', due('2026-03-14'), []],
    ['due in 2 days, approved but not scheduled', due('2026-03-12', { status: 'approved' }), ['willBeLate:payment']],
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
      topic: 'payment',
      rule: 'willBeLate',
      severity: 'critical',
      invoiceNumbers: ['F-2026-03-11'],
      facts: [
        {
          count: 1,
          daysLeft: 1,
          dueDate: '2026-03-11',
          amount: { EUR: 1_000_00 },
          invoices: [{ invoiceNumber: 'F-2026-03-11', daysLeft: 1, needs: 'approval', amount: { EUR: 1_000_00 } }],
        },
      ],
      opens: true,
    });
  });

  it('is one alert for all of a supplier’s invoices about to be late, soonest first, with their total', () => {
    const cs = conditions({}, [due('2026-03-12', { status: 'approved' }), due('2026-03-10'), due('2026-03-11', { amount: 50_00 })]);
    expect(cs).toHaveLength(1);
    expect(cs[0].facts[0]).toMatchObject({
      count: 3,
      dueDate: '2026-03-10',
      daysLeft: 0,
      amount: { EUR: 100_00 + 50_00 + 100_00 },
      invoices: [
        { invoiceNumber: 'F-2026-03-10', needs: 'approval' },
        { invoiceNumber: 'F-2026-03-11', needs: 'approval' },
        { invoiceNumber: 'F-2026-03-12', needs: 'scheduling' },
      ],
    });
  });

  it('names at most ten invoices, and counts them all', () => {
    const many = Array.from({ length: 14 }, (_, k) =>
      inv({ invoiceNumber: `M-${String(k).padStart(2, '0')}`, issueDate: '2026-02-01', dueDate: '2026-03-12' }),
    );
    const [c] = conditions({}, many);
    expect(c.facts[0]).toMatchObject({ count: 14 });
    expect(c.invoiceNumbers).toHaveLength(10);
  });

  it('follows the rule’s window', () => {
    const rules = withDefaults({ willBeLate: { withinDays: 5 } });
    expect(rulesOf(conditions({}, [due('2026-03-14')], { rules }))).toEqual(['willBeLate:payment']);
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
    expect(rulesOf(conditions(supplier, [overdue])).includes('smallSupplierOverdue:payment')).toBe(fires);
  });

  it('not when nothing is overdue', () => {
    const notDue = inv({ issueDate: '2026-03-01', dueDate: '2026-03-31' });
    expect(rulesOf(conditions({ employees: 4 }, [notDue]))).toEqual([]);
  });

  it('lists the overdue invoices and the figures', () => {
    const c = conditions({ employees: 4 }, [overdue]).find((x) => x.rule === 'smallSupplierOverdue');
    expect(c).toMatchObject({
      topic: 'payment',
      severity: 'critical',
      invoiceNumbers: ['OLD'],
      facts: [{ sizeClass: 'micro', overdue: { EUR: 500_00 }, maxDaysOverdue: 37 }],
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
    expect(rulesOf(conditions(revenue, [i])).includes('withheldRevenue:payment')).toBe(fires);
  });
});

describe('one payment alert per supplier', () => {
  it('a small supplier overdue, held back, rising in harm and with an invoice about to be late: one alert with four reasons, worst first', () => {
    const micro = { employees: 3, annualRevenue: 100_000_00, revenueCurrency: 'EUR' };
    const cs = conditions(
      micro,
      [
        inv({ invoiceNumber: 'OLD', issueDate: '2025-11-01', dueDate: '2025-12-01', amount: 50_000_00 }),
        inv({ invoiceNumber: 'SOON', issueDate: '2026-02-10', dueDate: '2026-03-12', amount: 800_00 }),
      ],
      { previousScore: 30 },
    );
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({
      topic: 'payment',
      subject: 'payment',
      rule: 'smallSupplierOverdue',
      rules: ['smallSupplierOverdue', 'willBeLate', 'withheldRevenue', 'harmRising'],
      severity: 'critical',
      invoiceNumbers: ['OLD', 'SOON'],
      opens: true,
    });
    expect(cs[0].harmScore).toBeGreaterThanOrEqual(75);
  });

  it('its key names topic, supplier and subject, so a reason coming or going keeps the same alert', () => {
    const withSoon = conditions({ employees: 3 }, [inv({ invoiceNumber: 'SOON', issueDate: '2026-02-10', dueDate: '2026-03-12' })]);
    const overdueToo = conditions({ employees: 3 }, [
      inv({ invoiceNumber: 'SOON', issueDate: '2026-02-10', dueDate: '2026-03-12' }),
      inv({ invoiceNumber: 'OLD', issueDate: '2026-01-01', dueDate: '2026-02-01' }),
    ]);
    expect(conditionKey(withSoon[0])).toBe('payment|S1|payment');
    expect(conditionKey(overdueToo[0])).toBe(conditionKey(withSoon[0]));
    expect(overdueToo[0].rules).toEqual(['smallSupplierOverdue', 'willBeLate']);
  });
});

describe('harm rising', () => {
  // Micro supplier, 100 days overdue, dependent: harm critical.
  const harmful = [inv({ issueDate: '2025-11-01', dueDate: '2025-12-01', amount: 50_000_00 })];
  const micro = { employees: 3, annualRevenue: 100_000_00, revenueCurrency: 'EUR' };
  it('opens when the level rose since the previous snapshot', () => {
    const cs = conditions(micro, harmful, { previousScore: 30 });
    expect(factsOf(cs, 'harmRising')).toEqual({ rule: 'harmRising', from: 'medium', to: 'critical', score: expect.any(Number) });
    expect(cs[0]).toMatchObject({ opens: true, severity: 'critical' });
  });
  it('alone, keeps an open alert but does not open one when the level stayed', () => {
    const off = withDefaults({ smallSupplierOverdue: { enabled: false }, withheldRevenue: { enabled: false } });
    const [c] = conditions(micro, harmful, { previousScore: 90, rules: off });
    expect(c).toMatchObject({ rules: ['harmRising'], opens: false });
  });
  it('opens for a supplier without an earlier snapshot', () => {
    const off = withDefaults({ smallSupplierOverdue: { enabled: false }, withheldRevenue: { enabled: false } });
    expect(conditions(micro, harmful, { previousScore: null, rules: off })[0]?.opens).toBe(true);
  });
  it('nothing at a low level', () => {
    expect(rulesOf(conditions({}, [inv({ issueDate: '2026-03-01', dueDate: '2026-03-31' })])).filter((r) => r.startsWith('harm'))).toEqual(
      [],
    );
  });
});

describe('unlawful terms', () => {
  it('the agreed term and an invoice’s own term of another length: one alert per term', () => {
    const long = inv({ invoiceNumber: 'L-1', issueDate: '2026-01-01', receivedDate: '2026-01-01', dueDate: '2026-03-20' });
    expect(rulesOf(conditions({ paymentTermsDays: 90 }, [long])).filter((r) => r.startsWith('unlawful'))).toEqual([
      'unlawfulTerms:EU_MAX_60_DAYS|78',
      'unlawfulTerms:EU_MAX_60_DAYS|90',
    ]);
  });
  it('a hundred invoices with the same unlawful term are one alert that counts them and names the first ten', () => {
    const invoices = Array.from({ length: 100 }, (_, k) =>
      inv({ invoiceNumber: `T-${String(k).padStart(3, '0')}`, issueDate: '2026-01-01', receivedDate: '2026-01-01', dueDate: '2026-03-17' }),
    );
    const terms = conditions({}, invoices).filter((c) => c.topic === 'terms');
    expect(terms).toHaveLength(1);
    expect(terms[0]).toMatchObject({
      subject: 'EU_MAX_60_DAYS|75',
      facts: [{ rule: 'unlawfulTerms', termDays: 75, limitDays: 60, agreed: false, invoiceCount: 100 }],
    });
    expect(terms[0].invoiceNumbers).toHaveLength(10);
  });
  it('a Dutch SME with 45-day terms (large buyer)', () => {
    const [c] = conditions({ country: 'NL', employees: 20, paymentTermsDays: 45 }, []);
    expect(c).toMatchObject({
      topic: 'terms',
      rule: 'unlawfulTerms',
      facts: [{ law: 'NL_SME_MAX_30_DAYS', termDays: 45, limitDays: 30, agreed: true, invoiceCount: 0 }],
    });
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
    expect(rulesOf(conditions({}, [disputed(since)])).includes('disputeOpen:disputes')).toBe(fires);
  });
  it('a supplier’s disputes are one alert, the oldest first', () => {
    const cs = conditions({}, [disputed('2026-02-20', { invoiceNumber: 'D-2' }), disputed('2026-01-20', { invoiceNumber: 'D-3' })]);
    expect(cs).toHaveLength(1);
    expect(cs[0].facts[0]).toMatchObject({
      count: 2,
      days: 49,
      disputes: [
        { invoiceNumber: 'D-3', days: 49, since: '2026-01-20' },
        { invoiceNumber: 'D-2', days: 18, since: '2026-02-20' },
      ],
    });
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
  it('a condition key names topic, supplier and subject', () => {
    expect(conditionKey({ topic: 'terms', supplierId: 'S1', subject: 'EU_MAX_60_DAYS|90' })).toBe('terms|S1|EU_MAX_60_DAYS|90');
  });
});
