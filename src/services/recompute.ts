/** Recomputes and stores the health snapshots of a batch of suppliers for one as-of date. */

import { alertConditions, type Condition } from '../domain/alerts/conditions.ts';
import type { CalendarDate } from '../domain/dates.ts';
import { resolveInvoice } from '../domain/invoice.ts';
import { supplierHealth } from '../domain/supplier-health.ts';
import { ruleSettings } from '../persistence/alerts/alert.repository.ts';
import { invoicesBySupplier } from '../persistence/invoices/invoice.repository.ts';
import { rateTable } from '../persistence/rates/rate.repository.ts';
import { previousScores, saveSnapshots } from '../persistence/snapshots/snapshot.repository.ts';
import { suppliersByIds } from '../persistence/suppliers/supplier.repository.ts';
import { groupLaws, termsOf } from './entities.ts';
import type { OrgSettings } from './org-settings.ts';

export interface Recomputed {
  computed: number;
  /** With `alerts`: what is wrong for each supplier, for the alerts job to compare with the live alerts. */
  conditions?: Array<{ supplierId: string; name: string; conditions: Condition[] }>;
}

/**
 * With `alerts`, each supplier's alert conditions are worked out from the same invoices, so alerts
 * cost no second read of them.
 */
export async function recomputeSuppliers(
  supplierIds: string[],
  asOf: CalendarDate,
  org: OrgSettings,
  opts: { alerts?: boolean } = {},
): Promise<Recomputed> {
  const [suppliers, invoices, rates, rules, previous, laws] = await Promise.all([
    suppliersByIds(supplierIds),
    invoicesBySupplier(supplierIds),
    rateTable(org.regime === 'UK' ? 'UK' : 'EU'),
    opts.alerts ? ruleSettings() : null,
    opts.alerts ? previousScores(supplierIds, asOf) : null,
    groupLaws(org),
  ]);
  const ctx = { asOf, baseCurrency: org.baseCurrency, fx: org.fx, regime: org.regime, rates, org: org.profile, laws };
  const conditions: Recomputed['conditions'] = rules ? [] : undefined;
  const healths = suppliers.map((s) => {
    const resolved = (invoices.get(s.supplierId) ?? []).map((i) => resolveInvoice(i, s.paymentTermsDays, termsOf(laws, i.entity, org)));
    const health = supplierHealth(s, resolved, ctx);
    if (rules && conditions)
      conditions.push({
        supplierId: s.supplierId,
        name: s.name,
        conditions: alertConditions({ health, invoices: resolved, previousScore: previous?.get(s.supplierId) ?? null, asOf, rules }),
      });
    return health;
  });
  await saveSnapshots(healths);
  return { computed: healths.length, conditions };
}
