/**
 * One company is one supplier to the group, whichever entity buys from it: a supplier file may not
 * give a VAT or registration number that is already another supplier id's (stored, or on an earlier
 * row of the same file). Two ids for one company would split the group's harm to it in two and
 * halve its dependency share.
 */
import type { KnownSupplier } from './supplier-keys.ts';

export type NumberField = 'vatNumber' | 'registrationNumber';
const FIELDS: NumberField[] = ['vatNumber', 'registrationNumber'];

const compact = (s: string) => s.replace(/[\s.\-/]/g, '').toUpperCase();

export class CompanyNumbers {
  private readonly owners: Record<NumberField, Map<string, string>> = { vatNumber: new Map(), registrationNumber: new Map() };

  constructor(known: Array<Pick<KnownSupplier, 'supplierId' | 'vatNumber' | 'registrationNumber'>>) {
    for (const s of known) this.record(s.supplierId, s);
  }

  private record(supplierId: string, numbers: Partial<Record<NumberField, string | null>>): void {
    for (const f of FIELDS) {
      const v = numbers[f] ? compact(numbers[f] as string) : '';
      if (v && !this.owners[f].has(v)) this.owners[f].set(v, supplierId);
    }
  }

  /** The first number of a supplier's that another id has, else none (and its numbers are then its own). */
  claim(supplierId: string, numbers: Partial<Record<NumberField, string>>): { field: NumberField; owner: string } | null {
    for (const f of FIELDS) {
      const v = numbers[f] ? compact(numbers[f] as string) : '';
      const owner = v ? this.owners[f].get(v) : undefined;
      if (owner !== undefined && owner !== supplierId) return { field: f, owner };
    }
    this.record(supplierId, numbers);
    return null;
  }
}
