/**
 * The reports each entity must file, for a reporting period of its own financial year: the UK
 * submission pack, and the half-year report against the Dutch statutory terms.
 */
import type { CalendarDate } from '../domain/dates.ts';
import { type Entity, type Period, reportingPeriodStartingOn } from '../domain/entity.ts';
import type { Invoice } from '../domain/invoice.ts';
import { type NlHalfYear, nlHalfYear } from '../domain/nl-half-year.ts';
import { isSme, sizeClassOf } from '../domain/supplier.ts';
import { type UkPack, ukPack } from '../domain/uk-pack.ts';
import { badRequest } from '../errors.ts';
import { SupplierModel } from '../persistence/suppliers/supplier.model.ts';
import { entityDirectory, entityNamed } from './entities.ts';
import type { OrgSettings } from './org-settings.ts';
import { resolvedInvoices } from './reports.ts';

interface EntityPeriod {
  entity: Entity;
  period: Period;
  financialYear: Period;
  invoices: Invoice[];
}

/** An entity, the reporting period of its financial year that starts on a date, and the entity's invoices that can count in it. */
async function entityPeriod(org: OrgSettings, code: string, periodStart: CalendarDate): Promise<EntityPeriod> {
  const entity = entityNamed(await entityDirectory(org), code);
  const found = reportingPeriodStartingOn(entity, periodStart);
  if ('starts' in found)
    throw badRequest(
      `periodStart: ${periodStart} does not start a reporting period of ${entity.code}'s financial year (its periods start on ${found.starts.join(', ')})`,
    );
  const invoices: Invoice[] = [];
  // Only invoices paid, due or received by the period's end can count in it.
  for await (const inv of resolvedInvoices(org, entity.code))
    if (inv.receivedDate < found.period.to || inv.issueDate < found.period.to) invoices.push(inv);
  return { entity, ...found, invoices };
}

export async function ukSubmissionPack(org: OrgSettings, code: string, periodStart: CalendarDate): Promise<UkPack> {
  const p = await entityPeriod(org, code, periodStart);
  return ukPack(p.entity, p.financialYear, p.period, p.invoices, org.fx);
}

export async function nlHalfYearReport(org: OrgSettings, code: string, periodStart: CalendarDate): Promise<NlHalfYear> {
  const p = await entityPeriod(org, code, periodStart);
  const suppliers = await SupplierModel.find({}, { _id: 0, supplierId: 1, country: 1, employees: 1, sizeClass: 1 }).lean();
  const dutchSme = new Set(
    suppliers.filter((s) => isSme(sizeClassOf(s)) && (s.country ?? '').toUpperCase() === 'NL').map((s) => s.supplierId),
  );
  return nlHalfYear(p.entity, p.period, p.invoices, (id) => dutchSme.has(id), org.fx);
}
