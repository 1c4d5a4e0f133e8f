/**
 * IBANs (ISO 13616): two letters, two check digits, up to 30 letters and digits; valid when the
 * number formed by moving the first four characters to the end (letters as 10..35) is 1 mod 97.
 */
export function normalizeIban(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function isValidIban(raw: string): boolean {
  const iban = normalizeIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** The remainder mod 97 of an IBAN-ordered string (letters as 10..35); ISO 11649 references share it. */
export function mod97(s: string): number {
  let rest = 0;
  for (const ch of s) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/** The IBAN for a country and its domestic account number (BBAN), with its check digits computed. */
export function ibanOf(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/**
 * A BIC (ISO 9362): bank code, country, location, and an optional branch: 8 or 11 letters and digits
 * (the schema's pattern, which SEPA files are checked against).
 */
export const isValidBic = (raw: string) => /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(raw.trim().toUpperCase());
