/** Presentation code, tested without HTML: the chart geometry and the status page's texts. */
import { describe, expect, it } from 'vitest';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import { supplierStatus } from '../../src/domain/supplier-status.ts';
import { barChart, niceStep } from '../../src/web/charts/bar-chart.ts';
import { localeOf } from '../../src/web/i18n/locale.ts';
import { reasonsText } from '../../src/web/view-models/app.ts';
import { statusView } from '../../src/web/view-models/status-view.ts';
import { inv } from '../domain/fixtures.ts';

describe('bar chart geometry', () => {
  it.each([
    [0, 1],
    [7, 2],
    [38, 10],
    [52, 20],
    [180, 50],
  ])('a round step for a top value of %d is %d', (max, step) => {
    expect(niceStep(max)).toBe(step);
  });

  it('draws taller bars for larger values, an empty slot for a month without data, and the reference line at its value', () => {
    const g = barChart(
      [
        { label: 'jan', value: 10, text: '10' },
        { label: 'feb', value: null, text: '' },
        { label: 'mrt', value: 40, text: '40' },
      ],
      { reference: { value: 30, label: 'term' } },
    );
    expect(g.bars[2].h).toBeGreaterThan(g.bars[0].h);
    expect(g.bars[0].h * 4).toBeCloseTo(g.bars[2].h, 0);
    expect(g.bars[1]).toMatchObject({ empty: true, h: 0 });
    // 30 of a 0–40 axis: three quarters of the way up the plot.
    const { top, bottom } = g.plot;
    expect(g.reference!.y).toBeCloseTo(bottom - ((bottom - top) * 30) / 40, 0);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40]);
    for (const b of g.bars) expect(b.y + b.h).toBeCloseTo(bottom, 5);
  });

  it('labels every bar while they have room, and with 31 days every few, the last always, so labels never overlap', () => {
    const days = (n: number) => Array.from({ length: n }, (_, k) => ({ label: `d${k}`, value: k, text: '' }));
    expect(barChart(days(5)).bars.map((b) => b.label)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    const g = barChart(days(31));
    const labelled = g.bars.filter((b) => b.label !== '');
    expect(labelled.at(-1)?.label).toBe('d30');
    for (let k = 1; k < labelled.length; k++) expect(labelled[k].cx - labelled[k - 1].cx).toBeGreaterThanOrEqual(40);
    expect(labelled.length).toBeGreaterThan(6);
  });
});

describe('the status page’s texts', () => {
  const ctx = {
    asOf: '2025-11-20',
    baseCurrency: 'EUR',
    regime: 'NL' as const,
    rates: shippedTable('EU'),
    org: { isLarge: true, defaultPaymentTermsDays: 30 },
  };
  const supplier = { supplierId: 'S1', name: 'Bakkerij', paymentTermsDays: 30 };
  const form = { values: {}, errors: [], sent: false };

  it('answers first: what is open, what is late, what is owed', () => {
    const st = supplierStatus(
      supplier,
      [inv({ dueDate: '2025-10-01', amount: 1234_56 }), inv({ dueDate: '2025-12-01', amount: 100_00 })],
      ctx,
    );
    const v = statusView(st, localeOf('en'), { orgName: null, showLegalLimit: true, form });
    expect(v.summary.map((s) => s.replace(/\u00a0/g, ' '))).toEqual([
      '2 invoices are open, €1,334.56 in total.',
      '€1,234.56 is overdue; the oldest invoice is 50 days past its due date.',
      'For paying late, you are entitled to €17.17 statutory interest and €40.00 fixed compensation.',
    ]);
    expect(v.heading).toBe('Invoices of Bakkerij');
    expect(v.invoiceGroups[0].rows[0]).toMatchObject({ status: 'Received', statusNote: '50 days overdue', overdue: true, rate: '10.15%' });
    expect(v.history.chart).toBeNull();
  });

  it('says plainly when nothing is open, and leaves the legal limit out when the organisation turned it off', () => {
    const st = supplierStatus({ ...supplier, paymentTermsDays: 90 }, [], ctx);
    const on = statusView(st, localeOf('nl'), { orgName: 'Gemeente', showLegalLimit: true, form });
    expect(on.summary).toEqual(['U hebt geen openstaande facturen bij ons.']);
    expect(on.heading).toBe('Facturen van Bakkerij bij Gemeente');
    expect(on.legalLimit).toMatch(/Een termijn van 90 dagen is langer/);
    expect(statusView(st, localeOf('nl'), { orgName: null, showLegalLimit: false, form }).legalLimit).toBeNull();
  });

  it('says when a reference rate is not known yet and the last known one was used', () => {
    const st = supplierStatus(supplier, [inv({ dueDate: '2027-05-01', amount: 100_00 })], { ...ctx, asOf: '2027-11-25' });
    expect(st.missingRates).toEqual(['2027-01-01', '2027-07-01']);
    expect(statusView(st, localeOf('en'), { orgName: null, showLegalLimit: true, form }).ratesNote).toBe(
      'The reference rate in force on 1 January 2027, 1 July 2027 is not known to us yet: the interest uses the last known rate, and will be corrected when the rate is added.',
    );
    expect(
      statusView(supplierStatus(supplier, [], ctx), localeOf('en'), { orgName: null, showLegalLimit: true, form }).ratesNote,
    ).toBeNull();
  });

  it('shows a period across 1 July with both of its rates, in order', () => {
    const st = supplierStatus(supplier, [inv({ dueDate: '2025-06-10', amount: 100_00 })], { ...ctx, asOf: '2025-07-20' });
    expect(statusView(st, localeOf('nl'), { orgName: null, showLegalLimit: true, form }).invoiceGroups[0].rows[0].rate).toBe(
      '11,15% → 10,15%',
    );
  });
});

describe('why a supplier is harmed, in the reader’s language', () => {
  const ctx = {
    asOf: '2025-11-20',
    baseCurrency: 'EUR',
    regime: 'NL' as const,
    rates: shippedTable('EU'),
    org: { isLarge: true, defaultPaymentTermsDays: 30 },
  };
  const supplier = {
    supplierId: 'S1',
    name: 'Drukkerij',
    paymentTermsDays: 45,
    country: 'NL',
    employees: 12,
    annualRevenue: 900_000_00,
    revenueCurrency: 'EUR',
  };
  const st = supplierStatus(supplier, [inv({ issueDate: '2025-10-01', dueDate: '2025-11-15', amount: 2500_00 })], ctx);

  it('says the same as the API’s English sentences, and says it in Dutch', () => {
    expect(reasonsText(st.health, localeOf('en'))).toHaveLength(st.health.reasons.length);
    expect(reasonsText(st.health, localeOf('nl')).map((r) => r.replace(/\u00a0/g, ' '))).toEqual([
      '€ 2.500,00 te laat; de oudste factuur is 5 dagen over de vervaldatum',
      'DBT 15 dagen',
      'houdt 1,01 dagen van de jaaromzet van de leverancier vast',
      'de organisatie is 0,3% van de jaaromzet van de leverancier',
      'mkb-leverancier (klein)',
      'afgesproken betalingstermijn van 45 dagen, boven het wettelijk maximum van 30 dagen',
    ]);
  });

  it('falls back to the stored English sentences for a snapshot made before reasons were kept as facts', () => {
    const { why: _why, ...old } = st.health;
    expect(reasonsText(old, localeOf('nl'))).toEqual(st.health.reasons);
  });
});
