/** The payment-run services' dependencies from the configuration: the account, the words, the remittance path. */
import type { Config } from '../config/env.ts';
import { todayIn } from '../domain/dates.ts';
import type { AlertDeps } from '../services/alerts/alert-deps.ts';
import { entityAccounts } from '../services/entities.ts';
import type { OrgSettings } from '../services/org-settings.ts';
import type { PaymentDeps } from '../services/payment-runs/deps.ts';
import { planRemittance, type RemittanceDeps } from '../services/payment-runs/remittance.tsx';
import { localeOf } from '../web/i18n/locale.ts';

export function paymentDeps(
  config: Config,
  org: OrgSettings,
  opts: { alerts: AlertDeps; recomputeSuppliers: (supplierIds: string[]) => Promise<void>; today?: () => string },
): PaymentDeps {
  const lang = config.ORG_LOCALE === 'nl' ? 'nl' : 'en';
  const remittance: RemittanceDeps = {
    orgName: config.ORG_NAME ?? 'tijdig',
    defaultLang: lang,
    publicUrl: config.publicUrl,
    enqueueDeliveries: (ids) => opts.alerts.enqueueDeliveries(ids),
  };
  return {
    run: { org, words: localeOf(lang).t.runs.remittance, recomputeSuppliers: opts.recomputeSuppliers },
    export: {
      debtor: { name: config.ORG_NAME ?? null, iban: config.ORG_IBAN ?? null, bic: config.ORG_BIC ?? null },
      entityAccounts: () => entityAccounts(org),
      timezone: org.timezone,
      exported: async (run) => void (await planRemittance(run, 'export', remittance)),
    },
    statements: {
      orgIban: config.ORG_IBAN ?? null,
      entityAccounts: () => entityAccounts(org),
      recomputeSuppliers: opts.recomputeSuppliers,
      confirmed: async (run) => void (await planRemittance(run, 'statement', remittance)),
    },
    today: opts.today ?? (() => todayIn(org.timezone)),
  };
}
