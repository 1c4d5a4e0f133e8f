/**
 * Organisation-level reports. Ageing, interest totals and the harm ranking roll up the day's
 * snapshots; the payment-practice report is computed from the invoices themselves, because its
 * period is free and daily snapshots cannot answer for an arbitrary [from, to).
 */
import { type AgeingBuckets, addBuckets, creditNotesOf, emptyBuckets } from '../domain/ageing.ts';
import { type CalendarDate, todayIn } from '../domain/dates.ts';
import { entityOf } from '../domain/entity.ts';
import { type Invoice, resolveInvoice } from '../domain/invoice.ts';
import { addTo, type Currency, type Totals } from '../domain/money.ts';
import { type PaymentPracticeReport, paymentPractices } from '../domain/payment-practices.ts';
import { entityView, type SupplierHealth } from '../domain/supplier-health.ts';
import { AppError, notFound } from '../errors.ts';
import { dataVersion } from '../persistence/data-version/data-version.ts';
import { streamInvoices } from '../persistence/invoices/invoice.repository.ts';
import { snapshotOf, snapshotsOf } from '../persistence/snapshots/snapshot.repository.ts';
import { SupplierModel } from '../persistence/suppliers/supplier.model.ts';
import { entityDirectory, entityNamed, groupLaws, termsOf } from './entities.ts';
import type { OrgSettings } from './org-settings.ts';

export const resolveAsOf = (asOf: string | undefined, org: OrgSettings): CalendarDate => asOf ?? todayIn(org.timezone);

export function noSnapshots(asOf: string): AppError {
  return new AppError(
    409,
    'not_computed',
    `no health snapshots for ${asOf} yet; run \`tijdig recompute --as-of ${asOf} --wait\` (or wait for the 06:00 run)`,
  );
}

/** Suppliers of a day, most harmed first. */
export async function harmRanking(asOf: CalendarDate): Promise<SupplierHealth[]> {
  const all = await snapshotsOf(asOf);
  if (all.length === 0) throw noSnapshots(asOf);
  return all;
}

export async function supplierReport(supplierId: string, asOf: CalendarDate): Promise<SupplierHealth> {
  const h = await snapshotOf(supplierId, asOf);
  if (h) return h;
  if (!(await SupplierModel.exists({ supplierId }))) throw notFound(`no supplier ${supplierId}`);
  throw noSnapshots(asOf);
}

export interface AgeingReport {
  asOf: CalendarDate;
  total: Record<Currency, AgeingBuckets>;
  /** Open credit notes (negative): outstanding = the buckets + these, per currency. */
  creditNotes: Totals;
  outstanding: Totals;
  overdue: Totals;
  interestOwed: Totals;
  compensationOwed: Totals;
  suppliers: Array<{ supplierId: string; name: string; ageing: Record<Currency, AgeingBuckets>; creditNotes: Totals; outstanding: Totals }>;
}

/** The ageing of a day, of the group or (with `entity`) of one entity's part of each supplier. */
export async function ageingReport(asOf: CalendarDate, entity?: { code: string; defaultCode: string }): Promise<AgeingReport> {
  const all = await harmRanking(asOf);
  return ageingOf(entity ? all.flatMap((h) => entityView(h, entity.code, entity.defaultCode) ?? []) : all, asOf);
}

/** The ageing report's totals: what a day's supplier figures add up to, per currency. */
export type AgeingTotals = Omit<AgeingReport, 'suppliers'>;

export function ageingTotalsOf(all: SupplierHealth[], asOf: CalendarDate): AgeingTotals {
  const total: Record<Currency, AgeingBuckets> = {};
  const outstanding: Totals = {};
  const overdue: Totals = {};
  const interestOwed: Totals = {};
  const compensationOwed: Totals = {};
  for (const h of all) {
    for (const [c, b] of Object.entries(h.ageing)) addBuckets((total[c] ??= emptyBuckets()), b);
    for (const [c, v] of Object.entries(h.outstanding)) addTo(outstanding, c, v);
    for (const [c, v] of Object.entries(h.overdue)) addTo(overdue, c, v);
    for (const [c, v] of Object.entries(h.interestOwed)) addTo(interestOwed, c, v);
    for (const [c, v] of Object.entries(h.compensationOwed)) addTo(compensationOwed, c, v);
  }
  return { asOf, total, creditNotes: creditNotesOf(outstanding, total), outstanding, overdue, interestOwed, compensationOwed };
}

/** The ageing report rolled up from a day's supplier figures. */
export function ageingOf(all: SupplierHealth[], asOf: CalendarDate): AgeingReport {
  const suppliers = all
    .filter((h) => Object.keys(h.ageing).length > 0 || Object.keys(h.outstanding).length > 0)
    .map((h) => ({
      supplierId: h.supplierId,
      name: h.name,
      ageing: h.ageing,
      creditNotes: creditNotesOf(h.outstanding, h.ageing),
      outstanding: h.outstanding,
    }))
    .sort((a, b) => a.supplierId.localeCompare(b.supplierId));
  return { ...ageingTotalsOf(all, asOf), suppliers };
}

/**
 * Every invoice of the organisation (or of one entity) with its derived dates (due date from the
 * supplier's terms, else its entity's), streamed.
 */
export async function* resolvedInvoices(org: OrgSettings, entity?: string): AsyncIterable<Invoice> {
  const [suppliers, laws] = await Promise.all([
    SupplierModel.find({}, { _id: 0, supplierId: 1, paymentTermsDays: 1 }).lean(),
    groupLaws(org),
  ]);
  const terms = new Map(suppliers.map((s) => [s.supplierId, s.paymentTermsDays]));
  const wanted = entity === undefined ? null : entity.toUpperCase();
  for await (const raw of streamInvoices()) {
    if (wanted !== null && (laws ? entityOf(laws, raw.entity) : org.entityCode).toUpperCase() !== wanted) continue;
    yield resolveInvoice(raw, terms.get(raw.supplierId), termsOf(laws, raw.entity, org));
  }
}

export interface PaymentPracticesReport {
  organisation: PaymentPracticeReport;
  suppliers: Array<{ supplierId: string; name: string } & PaymentPracticeReport>;
}

export async function paymentPracticesReport(
  from: CalendarDate,
  to: CalendarDate,
  org: OrgSettings,
  entity?: string,
): Promise<PaymentPracticesReport> {
  if (from >= to) throw new AppError(400, 'bad_request', `the period [${from}, ${to}) is empty: from must be before to`);
  // One entity's figures are in its own currency.
  const own = entity === undefined ? null : entityNamed(await entityDirectory(org), entity);
  const names = new Map((await SupplierModel.find({}, { _id: 0, supplierId: 1, name: 1 }).lean()).map((s) => [s.supplierId, s.name]));
  const bySupplier = new Map<string, Invoice[]>();
  const all: Invoice[] = [];
  for await (const inv of resolvedInvoices(org, own?.code)) {
    all.push(inv);
    let list = bySupplier.get(inv.supplierId);
    if (!list) bySupplier.set(inv.supplierId, (list = []));
    list.push(inv);
  }
  return {
    organisation: paymentPractices(all, from, to, own?.baseCurrency ?? org.baseCurrency, org.fx),
    suppliers: [...bySupplier.keys()].sort().map((id) => ({
      supplierId: id,
      name: names.get(id) ?? id,
      ...paymentPractices(bySupplier.get(id) ?? [], from, to, own?.baseCurrency ?? org.baseCurrency, org.fx),
    })),
  };
}

/** Entities' supplier lists, by day, entity and data version: the alerts page filtered by entity asks on every request. */
const entitySuppliers = new Map<string, Promise<string[]>>();
const ENTITY_LISTS_KEPT = 32;

/**
 * The suppliers one entity of a group deals with, as the day's figures know them (its ranking's).
 * Kept while the data version stays the same: reading the whole day's ranking for each request made
 * the filtered alerts list as slow as the ranking itself.
 */
export async function suppliersOfEntity(asOf: CalendarDate, entity: { code: string; defaultCode: string }): Promise<string[]> {
  const key = `${asOf}|${entity.code}|${entity.defaultCode}|${await dataVersion()}`;
  let list = entitySuppliers.get(key);
  if (!list) {
    if (entitySuppliers.size >= ENTITY_LISTS_KEPT) entitySuppliers.clear();
    list = harmRanking(asOf).then((all) =>
      all.filter((h) => entityView(h, entity.code, entity.defaultCode) !== null).map((h) => h.supplierId),
    );
    entitySuppliers.set(key, list);
    // A failure (no figures for the day yet) is not kept.
    list.catch(() => entitySuppliers.delete(key));
  }
  return list;
}
