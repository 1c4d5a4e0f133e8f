/** Exchange rates: importing them, and converting organisation-wide totals to the reporting currency. */
import type { CalendarDate } from '../domain/dates.ts';
import { type EurRates, fxTableFor, parseEcbCsv, parsePlainCsv } from '../domain/fx.ts';
import type { FxTable } from '../domain/money.ts';
import { badRequest } from '../errors.ts';
import { eurRatesOn, saveEurRates } from '../persistence/fx/fx-rate.repository.ts';

/** Reads a rate file (the ECB reference-rate CSV, or plain date,currency,rate) and stores it. */
export async function importRates(text: string, source: string): Promise<{ days: number; rates: number }> {
  let days: EurRates[];
  try {
    days = /^\uFEFF?Date,/.test(text)
      ? parseEcbCsv(text.replace(/^\uFEFF/, ''), source)
      : parsePlainCsv(text.replace(/^\uFEFF/, ''), source);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return { days: days.length, rates: await saveEurRates(days) };
}

/** The table converting into the reporting currency at the as-of date's rates (or the latest before); null without rates. */
export async function reportingTable(asOf: CalendarDate, reporting: string): Promise<FxTable | null> {
  const rates = await eurRatesOn(asOf);
  return rates ? fxTableFor(rates, reporting) : null;
}
