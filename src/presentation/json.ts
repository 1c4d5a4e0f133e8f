/** The stable JSON contract: money as decimal strings per currency, unknowns as null. */
import type { AgeingBuckets } from '../domain/ageing.ts';
import { REASON_INVOICES } from '../domain/harm-reasons.ts';
import { type Currency, formatMinor, type Totals, totalsJson } from '../domain/money.ts';
import { breachesByTerm, type Supplier } from '../domain/supplier.ts';
import type { SupplierHealth } from '../domain/supplier-health.ts';

export function ageingJson(byCurrency: Record<Currency, AgeingBuckets>) {
  return Object.fromEntries(
    Object.keys(byCurrency)
      .sort()
      .map((c) => {
        const b = byCurrency[c];
        return [
          c,
          {
            notDue: formatMinor(b.notDue, c),
            d1_30: formatMinor(b.d1_30, c),
            d31_60: formatMinor(b.d31_60, c),
            d61_90: formatMinor(b.d61_90, c),
            d91plus: formatMinor(b.d91plus, c),
          },
        ];
      }),
  );
}

export function healthJson(h: SupplierHealth) {
  return {
    supplierId: h.supplierId,
    name: h.name,
    asOf: h.asOf,
    sizeClass: h.sizeClass,
    ageing: ageingJson(h.ageing),
    outstanding: totalsJson(h.outstanding),
    overdue: totalsJson(h.overdue),
    maxDaysOverdue: h.maxDaysOverdue,
    dbt: h.dbt,
    payerScore: h.payerScore,
    interestOwed: totalsJson(h.interestOwed),
    compensationOwed: totalsJson(h.compensationOwed),
    spend12m: totalsJson(h.spend12m),
    dependencyShare: h.dependencyShare,
    withheldRevenueDays: h.withheldRevenueDays,
    termBreaches: breachesByTerm(h.legalTermBreaches, REASON_INVOICES),
    legalTermBreaches: h.legalTermBreaches,
    harmScore: h.harmScore,
    harmLevel: h.harmLevel,
    reasons: h.reasons,
    counts: h.counts,
    notes: h.notes,
    // A group's supplier: each entity's part, under that entity's law.
    ...(h.byEntity
      ? {
          byEntity: Object.fromEntries(
            Object.entries(h.byEntity).map(([code, p]) => [
              code,
              {
                regime: p.regime,
                ageing: ageingJson(p.ageing),
                outstanding: totalsJson(p.outstanding),
                overdue: totalsJson(p.overdue),
                maxDaysOverdue: p.maxDaysOverdue,
                interestOwed: totalsJson(p.interestOwed),
                compensationOwed: totalsJson(p.compensationOwed),
                counts: p.counts,
              },
            ]),
          ),
        }
      : {}),
  };
}

export type HealthJson = ReturnType<typeof healthJson>;

/**
 * A supplier in a list (the ranking): its unlawful terms put together per term only, so an item stays
 * small however many invoices carry a term; each breach is on the supplier's own endpoints.
 */
export function healthListJson(h: SupplierHealth) {
  const { legalTermBreaches: _perInvoice, ...item } = healthJson({ ...h, byEntity: undefined });
  return item;
}

/** A supplier's master data as imported (revenue as a decimal string in its currency). */
export function supplierJson(
  s: Supplier & {
    masterDataMissing?: boolean;
    vatNumber?: string;
    registrationNumber?: string;
    peppolId?: string;
    bic?: string;
    ibanInvalid?: string;
  },
) {
  return {
    supplierId: s.supplierId,
    name: s.name,
    country: s.country ?? null,
    employees: s.employees ?? null,
    annualRevenue:
      s.annualRevenue != null && s.revenueCurrency ? { [s.revenueCurrency]: formatMinor(s.annualRevenue, s.revenueCurrency) } : null,
    paymentTermsDays: s.paymentTermsDays ?? null,
    sizeClass: s.sizeClass ?? null,
    contactEmail: s.contactEmail ?? null,
    ownerEmail: s.ownerEmail ?? null,
    iban: s.iban ?? null,
    bic: s.bic ?? null,
    vatNumber: s.vatNumber ?? null,
    registrationNumber: s.registrationNumber ?? null,
    peppolId: s.peppolId ?? null,
    /** An IBAN an e-invoice gave whose check digits do not match: never paid to. */
    ibanInvalid: s.ibanInvalid ?? null,
    masterDataMissing: !!s.masterDataMissing,
  };
}

export const moneyJson = (t: Totals) => totalsJson(t);
