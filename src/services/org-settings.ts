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
  fx?: FxTable;
}

export function orgSettings(config: Config): OrgSettings {
  return {
    timezone: config.ORG_TIMEZONE,
    baseCurrency: config.ORG_BASE_CURRENCY,
    reportingCurrency: config.REPORTING_CURRENCY,
    regime: config.ORG_REGIME,
    profile: { isLarge: config.ORG_IS_LARGE, defaultPaymentTermsDays: config.ORG_PAYMENT_TERMS_DAYS },
  };
}
