/** Entities and their reports as the API, the CLI and the CSV files give them. */
import type { Entity } from '../domain/entity.ts';
import type { UkPack } from '../domain/uk-pack.ts';
import { toCsv } from './csv.ts';

export function entityJson(e: Entity) {
  return {
    code: e.code,
    name: e.name,
    country: e.country,
    regime: e.regime,
    locale: e.locale,
    large: e.isLarge,
    paymentTermsDays: e.paymentTermsDays,
    financialYearStart: e.financialYearStart,
    financialYears: e.financialYears,
    baseCurrency: e.baseCurrency,
    timezone: e.timezone,
    registrationNumber: e.registrationNumber,
    vatNumber: e.vatNumber,
    iban: e.iban,
    bic: e.bic,
    statements: e.statements,
  };
}

/** One line per item of the form, in its order: what to type into each field. */
export function ukPackCsv(p: UkPack): string {
  return toCsv(
    ['section', 'item', 'question', 'answer', 'note'],
    p.items.map((i) => [i.section, i.key, i.question, i.answer ?? '', i.note ?? '']),
  );
}
