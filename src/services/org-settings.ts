import type { Config } from '../config/env.ts';
import type { Regime } from '../domain/interest.ts';
import type { FxTable } from '../domain/money.ts';
import type { OrgProfile } from '../domain/supplier.ts';

/** What the domain needs to know about the organisation, from the configuration. */
export interface OrgSettings {
  timezone: string;
  baseCurrency: string;
  /** Converted totals are given in this currency when exchange rates exist. */
  reportingCurrency: string;
  regime: Regime;
  profile: OrgProfile;
  /** The code of the default entity: invoices that name no entity are its. */
  entityCode: string;
  name?: string;
  locale: 'nl' | 'en-GB' | 'en-US';
  iban?: string;
  bic?: string;
  fx?: FxTable;
}

export function orgSettings(config: Config): OrgSettings {
  return {
    timezone: config.ORG_TIMEZONE,
    baseCurrency: config.ORG_BASE_CURRENCY,
    reportingCurrency: config.REPORTING_CURRENCY,
    regime: config.ORG_REGIME,
    profile: { isLarge: config.ORG_IS_LARGE, defaultPaymentTermsDays: config.ORG_PAYMENT_TERMS_DAYS },
    entityCode: config.ORG_ENTITY_CODE,
    name: config.ORG_NAME,
    locale: config.ORG_LOCALE,
    iban: config.ORG_IBAN,
    bic: config.ORG_BIC,
  };
}
