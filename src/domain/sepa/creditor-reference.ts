/**
 * The structured creditor reference of ISO 11649 ("RF18 5390 0754 7034"): RF, two check digits, up
 * to 21 letters and digits; valid when, moved to the end with letters as 10..35, the number is 1 mod
 * 97 (the IBAN's check). A SEPA transfer can carry one instead of free text, and the supplier's
 * bookkeeping matches it without reading.
 */
import { mod97 } from '../iban.ts';

export const normalizeReference = (raw: string) => raw.replace(/\s/g, '').toUpperCase();

export function isCreditorReference(raw: string): boolean {
  const ref = normalizeReference(raw);
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  return mod97(ref.slice(4) + ref.slice(0, 4)) === 1;
}

/** The RF reference for a reference text of the creditor's own, its check digits computed. */
export function creditorReferenceOf(body: string): string {
  const check = 98 - mod97(`${body.toUpperCase()}RF00`);
  return `RF${String(check).padStart(2, '0')}${body.toUpperCase()}`;
}
