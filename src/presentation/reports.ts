import { emptyBuckets } from '../domain/ageing.ts';
/** CSV and JSON renderings of the organisation reports, shared by the HTTP API and the CLI. */
import { convertTotals } from '../domain/fx.ts';
import { type FxTable, formatMinor, formatTotals, type Totals } from '../domain/money.ts';
import type { SupplierHealth } from '../domain/supplier-health.ts';
import type { AgeingReport, PaymentPracticesReport } from '../services/reports.ts';
import { toCsv } from './csv.ts';
import { ageingJson, moneyJson } from './json.ts';

const perCurrency = (t: Record<string, number>) => formatTotals(t, '; ');

/** `rankBefore`: how many rows came before these (a ranking written in slices). */
export function rankingCsv(rows: SupplierHealth[], rankBefore = 0): string {
  return toCsv(
    [
      'rank',
      'supplierId',
      'name',
      'harmScore',
      'harmLevel',
      'maxDaysOverdue',
      'overdue',
      'outstanding',
      'dbt',
      'payerScore',
      'interestOwed',
      'compensationOwed',
      'dependencyShare',
      'withheldRevenueDays',
      'reasons',
    ],
    rows.map((h, i) => [
      rankBefore + i + 1,
      h.supplierId,
      h.name,
      h.harmScore,
      h.harmLevel,
      h.maxDaysOverdue,
      perCurrency(h.overdue),
      perCurrency(h.outstanding),
      h.dbt,
      h.payerScore,
      perCurrency(h.interestOwed),
      perCurrency(h.compensationOwed),
      h.dependencyShare,
      h.withheldRevenueDays,
      h.reasons.join(' | '),
    ]),
  );
}

/** Organisation-wide totals converted with a rate table, labelled with the rates used. */
export function convertedJson(r: Pick<AgeingReport, 'outstanding' | 'overdue' | 'interestOwed' | 'compensationOwed'>, table: FxTable) {
  const one = (t: Totals) => convertTotals(t, table);
  const parts = {
    outstanding: one(r.outstanding),
    overdue: one(r.overdue),
    interestOwed: one(r.interestOwed),
    compensationOwed: one(r.compensationOwed),
  };
  return {
    currency: table.base,
    rates: table.source ?? null,
    outstanding: formatMinor(parts.outstanding.total, table.base),
    overdue: formatMinor(parts.overdue.total, table.base),
    interestOwed: formatMinor(parts.interestOwed.total, table.base),
    compensationOwed: formatMinor(parts.compensationOwed.total, table.base),
    leftOut: [...new Set(Object.values(parts).flatMap((p) => p.leftOut))].sort(),
  };
}

/** With rates, the report also carries `converted`; without, it is exactly as before rates existed. */
export function ageingReportJson(r: AgeingReport, table?: FxTable | null) {
  return {
    asOf: r.asOf,
    total: ageingJson(r.total),
    creditNotes: moneyJson(r.creditNotes),
    outstanding: moneyJson(r.outstanding),
    overdue: moneyJson(r.overdue),
    interestOwed: moneyJson(r.interestOwed),
    compensationOwed: moneyJson(r.compensationOwed),
    suppliers: r.suppliers.map((s) => ({
      supplierId: s.supplierId,
      name: s.name,
      ageing: ageingJson(s.ageing),
      creditNotes: moneyJson(s.creditNotes),
      outstanding: moneyJson(s.outstanding),
    })),
    ...(table ? { converted: convertedJson(r, table) } : {}),
  };
}

/** Per supplier and currency: the buckets, the open credit notes and the outstanding total they add up to. */
export function ageingCsv(r: AgeingReport): string {
  const rows: unknown[][] = [];
  const line = (id: string, name: string, s: Pick<AgeingReport, 'total' | 'creditNotes' | 'outstanding'>) => {
    for (const c of [...new Set([...Object.keys(s.total), ...Object.keys(s.outstanding)])].sort()) {
      const b = s.total[c] ?? emptyBuckets();
      const cells = [b.notDue, b.d1_30, b.d31_60, b.d61_90, b.d91plus, s.creditNotes[c] ?? 0, s.outstanding[c] ?? 0];
      rows.push([id, name, c, ...cells.map((v) => formatMinor(v, c))]);
    }
  };
  for (const s of r.suppliers) line(s.supplierId, s.name, { total: s.ageing, creditNotes: s.creditNotes, outstanding: s.outstanding });
  line('TOTAL', 'all suppliers', r);
  return toCsv(['supplierId', 'name', 'currency', 'notDue', 'd1_30', 'd31_60', 'd61_90', 'd91plus', 'creditNotes', 'outstanding'], rows);
}

export function paymentPracticesCsv(r: PaymentPracticesReport): string {
  const row = (id: string, name: string, p: PaymentPracticesReport['organisation']) => [
    id,
    name,
    p.from,
    p.to,
    p.paymentsMade,
    p.meanDaysToPay,
    p.medianDaysToPay,
    p.p95DaysToPay,
    p.within30.count,
    p.within30.value,
    p.days31to60.count,
    p.days31to60.value,
    p.over60.count,
    p.over60.value,
    p.paymentsDue,
    p.notWithinTerms.count,
    p.notWithinTerms.value,
    p.disputedShareOfLate,
  ];
  return toCsv(
    [
      'supplierId',
      'name',
      'from',
      'to',
      'paymentsMade',
      'meanDaysToPay',
      'medianDaysToPay',
      'p95DaysToPay',
      'within30Count',
      'within30Value',
      'days31to60Count',
      'days31to60Value',
      'over60Count',
      'over60Value',
      'paymentsDue',
      'notWithinTermsCount',
      'notWithinTermsValue',
      'disputedShareOfLate',
    ],
    [row('ORGANISATION', 'all suppliers', r.organisation), ...r.suppliers.map((s) => row(s.supplierId, s.name, s))],
  );
}
