/**
 * Suppliers found by name, for exports that name the supplier instead of coding it: exactly, else
 * ignoring case, accents, punctuation and legal forms (B.V., N.V., Ltd, GmbH …). Two candidates are
 * never guessed between: the row is refused, naming both.
 */

/** Legal forms that say nothing about which company it is. */
const LEGAL_FORMS = new Set([
  'bv',
  'nv',
  'vof',
  'cv',
  'bvba',
  'sprl',
  'srl',
  'sa',
  'sarl',
  'sas',
  'ltd',
  'limited',
  'plc',
  'llp',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'ab',
  'as',
  'aps',
  'oy',
  'spa',
  'holding',
]);

export function looseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // B.V. and v.o.f. are one word each once their dots go.
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1')
    .replace(/\./g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length ? kept : words).join(' ');
}

export type NameMatch = { supplierId: string; how: 'exact' | 'loose' } | { error: string };

export class SupplierNames {
  private readonly exact = new Map<string, string[]>();
  private readonly loose = new Map<string, string[]>();
  /** How each matched name was found, for the import's report. */
  readonly counts = { exact: 0, loose: 0, unknown: 0, ambiguous: 0 };

  constructor(suppliers: Array<{ supplierId: string; name: string }>) {
    for (const s of suppliers) {
      const add = (m: Map<string, string[]>, k: string) => m.set(k, [...(m.get(k) ?? []), s.supplierId]);
      add(this.exact, s.name.trim());
      add(this.loose, looseName(s.name));
    }
  }

  match(name: string): NameMatch {
    const exact = this.exact.get(name.trim());
    if (exact?.length === 1) {
      this.counts.exact++;
      return { supplierId: exact[0], how: 'exact' };
    }
    const ids = exact && exact.length > 1 ? exact : this.loose.get(looseName(name));
    if (ids?.length === 1) {
      this.counts.loose++;
      return { supplierId: ids[0], how: 'loose' };
    }
    if (ids && ids.length > 1) {
      this.counts.ambiguous++;
      return { error: `the name fits ${ids.length} suppliers (${ids.slice(0, 3).join(', ')}): give the supplier id instead` };
    }
    this.counts.unknown++;
    return { error: 'no known supplier has this name: import the supplier file first, or give the supplier id' };
  }

  /** What was matched how, in words. */
  summary(): string {
    const c = this.counts;
    return `suppliers matched by name: ${c.exact} exactly, ${c.loose} ignoring case, punctuation and legal form; ${c.unknown} not known, ${c.ambiguous} fitting more than one`;
  }
}
