/**
 * Suppliers found by what identifies a company rather than by tijdig's own supplier id, as an
 * e-invoice gives them: its VAT number, then its registration number, then its electronic address
 * (Peppol), then its IBAN. A supplier none of them finds is new: it gets a clear id made from the
 * first of them it has, and the suppliers after it in the same file find it by the same keys.
 */
import { isValidIban, normalizeIban } from '../domain/iban.ts';

export interface SupplierKeysOf {
  vat: string;
  registration: string;
  peppol: string;
  iban: string;
}

export interface KnownSupplier {
  supplierId: string;
  vatNumber?: string | null;
  registrationNumber?: string | null;
  peppolId?: string | null;
  iban?: string | null;
}

export interface NewSupplier {
  supplierId: string;
  name: string;
  country?: string;
  vatNumber?: string;
  registrationNumber?: string;
  peppolId?: string;
  iban?: string;
  /** An IBAN whose check digits do not match: kept to be seen, never paid to. */
  ibanInvalid?: string;
  bic?: string;
}

export type FoundBy = 'vat' | 'registration' | 'peppol' | 'iban';
const ORDER: FoundBy[] = ['vat', 'registration', 'peppol', 'iban'];

const compact = (s: string) => s.replace(/[\s.\-/]/g, '').toUpperCase();
const normal: Record<FoundBy, (s: string) => string> = {
  vat: compact,
  registration: compact,
  // scheme:identifier; identifiers compare without case (Peppol policy for participant ids).
  peppol: (s) => s.trim().toLowerCase(),
  iban: (s) => (isValidIban(s) ? normalizeIban(s) : ''),
};

export class SupplierKeys {
  private readonly index: Record<FoundBy, Map<string, string>> = {
    vat: new Map(),
    registration: new Map(),
    peppol: new Map(),
    iban: new Map(),
  };
  private readonly ids = new Set<string>();
  /** Suppliers this file introduced, by id (a second pass over the file finds them new again). */
  private readonly created = new Map<string, NewSupplier>();
  readonly counts: Record<FoundBy | 'new', number> = { vat: 0, registration: 0, peppol: 0, iban: 0, new: 0 };

  constructor(known: KnownSupplier[]) {
    for (const s of known) {
      this.ids.add(s.supplierId);
      this.add(s.supplierId, {
        vat: s.vatNumber ?? '',
        registration: s.registrationNumber ?? '',
        peppol: s.peppolId ?? '',
        iban: s.iban ?? '',
      });
    }
  }

  /** Each supplier's own keys, normalised: a weaker key never finds a supplier a stronger one rules out. */
  private readonly keysOf = new Map<string, Partial<Record<FoundBy, string>>>();

  private add(supplierId: string, keys: SupplierKeysOf): void {
    const own: Partial<Record<FoundBy, string>> = {};
    for (const k of ORDER) {
      const v = keys[k] ? normal[k](keys[k]) : '';
      if (!v) continue;
      own[k] = v;
      if (!this.index[k].has(v)) this.index[k].set(v, supplierId);
    }
    this.keysOf.set(supplierId, own);
  }

  /** Whether a stronger key than `k` says these are two companies (both have one, and they differ). */
  private conflicts(supplierId: string, row: Partial<Record<FoundBy, string>>, k: FoundBy): boolean {
    const own = this.keysOf.get(supplierId) ?? {};
    return ORDER.slice(0, ORDER.indexOf(k)).some((j) => row[j] && own[j] && row[j] !== own[j]);
  }

  /** Whether a row has anything to find its supplier by. */
  static hasAny(keys: SupplierKeysOf): boolean {
    return ORDER.some((k) => keys[k] && normal[k](keys[k]));
  }

  /**
   * The supplier these keys identify, and how; or a new supplier made from them (to be created with
   * the invoice). `details` are the e-invoice's own: name, country, BIC.
   */
  find(
    keys: SupplierKeysOf,
    details: { name: string; country: string; bic: string },
  ): { supplierId: string; how: FoundBy | 'new'; created?: NewSupplier } {
    const row: Partial<Record<FoundBy, string>> = {};
    for (const k of ORDER) if (keys[k]) row[k] = normal[k](keys[k]);
    for (const k of ORDER) {
      const v = row[k];
      const id = v ? this.index[k].get(v) : undefined;
      // Two companies with different VAT numbers are two companies, whatever bank account they share.
      if (id && !this.conflicts(id, row, k)) {
        const created = this.created.get(id);
        if (created) return { supplierId: id, how: 'new', created };
        this.counts[k]++;
        return { supplierId: id, how: k };
      }
    }
    const supplierId = this.newId(keys, details.name);
    const iban = keys.iban.trim();
    const created: NewSupplier = {
      supplierId,
      name: details.name || supplierId,
      ...(details.country ? { country: details.country.toUpperCase() } : {}),
      ...(keys.vat ? { vatNumber: compact(keys.vat) } : {}),
      ...(keys.registration ? { registrationNumber: compact(keys.registration) } : {}),
      ...(keys.peppol ? { peppolId: normal.peppol(keys.peppol) } : {}),
      ...(iban ? (isValidIban(iban) ? { iban: normalizeIban(iban) } : { ibanInvalid: iban }) : {}),
      ...(details.bic ? { bic: compact(details.bic) } : {}),
    };
    this.ids.add(supplierId);
    this.created.set(supplierId, created);
    this.add(supplierId, keys);
    this.counts.new++;
    return { supplierId, how: 'new', created };
  }

  /** An id a person recognises: the VAT number, else the registration number, Peppol address or IBAN. */
  private newId(keys: SupplierKeysOf, name: string): string {
    const base =
      (keys.vat && compact(keys.vat)) ||
      (keys.registration && `REG-${compact(keys.registration)}`) ||
      (keys.peppol && `PEPPOL-${normal.peppol(keys.peppol).replace(':', '-')}`) ||
      (normal.iban(keys.iban) && `IBAN-${normal.iban(keys.iban)}`) ||
      `NEW-${compact(name).slice(0, 40) || 'SUPPLIER'}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  summary(): string {
    const c = this.counts;
    return `suppliers found by VAT number ${c.vat}, registration number ${c.registration}, Peppol address ${c.peppol}, IBAN ${c.iban}; new ${c.new}`;
  }
}
