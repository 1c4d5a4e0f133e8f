/** Recomputes and stores the health snapshots of a batch of suppliers for one as-of date. */
import type { CalendarDate } from '../domain/dates';
import { resolveInvoice } from '../domain/invoice';
import { supplierHealth } from '../domain/supplier-health';
import { invoicesBySupplier } from '../persistence/invoices/invoice.repository';
import { rateTable } from '../persistence/rates/rate.repository';
import { saveSnapshots } from '../persistence/snapshots/snapshot.repository';
import { suppliersByIds } from '../persistence/suppliers/supplier.repository';
import type { OrgSettings } from './org-settings';

export async function recomputeSuppliers(supplierIds: string[], asOf: CalendarDate, org: OrgSettings): Promise<{ computed: number }> {
  const [suppliers, invoices, rates] = await Promise.all([
    suppliersByIds(supplierIds),
    invoicesBySupplier(supplierIds),
    rateTable(org.regime === 'UK' ? 'UK' : 'EU'),
  ]);
  const ctx = { asOf, baseCurrency: org.baseCurrency, fx: org.fx, regime: org.regime, rates, org: org.profile };
  const healths = suppliers.map((s) => {
    const resolved = (invoices.get(s.supplierId) ?? []).map((i) =>
      resolveInvoice(i, s.paymentTermsDays, org.profile.defaultPaymentTermsDays),
    );
    return supplierHealth(s, resolved, ctx);
  });
  await saveSnapshots(healths);
  return { computed: healths.length };
}
