/**
 * The chaos soak's files: suppliers, and invoice files that overlap (each repeats half of the one
 * before, half of those rows changed), with a few bad rows each. What an uninterrupted run makes of
 * them is worked out here, row by row, to compare the real imports with.
 */
import { addDays, type CalendarDate } from '../../src/domain/dates.ts';

export const SOAK_SUPPLIERS = 300;

export function suppliersCsv(): string {
  const rows = ['Leveranciernummer;Naam;Land;Aantal medewerkers;Jaaromzet;Betalingstermijn'];
  for (let i = 0; i < SOAK_SUPPLIERS; i++) {
    // Every fifth a micro business with its revenue known: overdue, they give critical alerts.
    const micro = i % 5 === 0;
    rows.push(`SOAK-${i};Soak Leverancier ${i};NL;${micro ? 4 : 120};${micro ? '250.000,00' : ''};30`);
  }
  return `${rows.join('\n')}\n`;
}

export interface SoakFile {
  name: string;
  text: string;
  /** What an uninterrupted import of it gives, after the files before it. */
  expected: { inserted: number; updated: number; unchanged: number; rejected: number };
}

const BAD_ROWS = 5;

/** Invoice n's amount in file f, in cents: odd invoices change from one file to the next. */
const amountOf = (n: number, f: number) => 100_00 + (n % 977) * 100 + (n % 2 === 1 ? f : 0);
const dmy = (d: CalendarDate) => `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`;
const money = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/**
 * `count` files of `rows` invoices each; file f holds invoices [f·rows/2, f·rows/2 + rows), so each
 * repeats the second half of the one before. `final` maps every invoice number to its last amount.
 */
export function invoiceFiles(count: number, rows: number, today: CalendarDate): { files: SoakFile[]; final: Map<string, number> } {
  const state = new Map<string, number>();
  const files: SoakFile[] = [];
  for (let f = 0; f < count; f++) {
    const lines = ['Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta;Status'];
    const expected = { inserted: 0, updated: 0, unchanged: 0, rejected: BAD_ROWS };
    const start = (f * rows) / 2;
    for (let n = start; n < start + rows; n++) {
      const issued = addDays(today, -(n % 120));
      const number = `SK-${n}`;
      const amount = amountOf(n, f);
      const before = state.get(number);
      if (before === undefined) expected.inserted++;
      else if (before === amount) expected.unchanged++;
      else expected.updated++;
      state.set(number, amount);
      lines.push(`SOAK-${n % SOAK_SUPPLIERS};${number};${dmy(issued)};${dmy(addDays(issued, 30))};${money(amount)};EUR;ontvangen`);
    }
    for (let k = 0; k < BAD_ROWS; k++) lines.push(`SOAK-${k};BAD-${f}-${k};niet-een-datum;01-01-2026;100,00;EUR;ontvangen`);
    files.push({ name: `soak-${f}.csv`, text: `${lines.join('\n')}\n`, expected });
  }
  return { files, final: state };
}
