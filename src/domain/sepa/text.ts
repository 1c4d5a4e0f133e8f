/**
 * Text as SEPA carries it. The EPC's implementation guidelines allow only the Latin character set
 * a–z A–Z 0–9 / - ? : ( ) . , ' + and space; a bank rejects a file with anything else. Names and
 * remittance texts are reduced to it: letters lose their accents, a few letters and signs get their
 * usual spelling, anything else becomes a space.
 */
const SPELLED: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  þ: 'th',
  Þ: 'TH',
  '&': '+',
  '’': "'",
  '‘': "'",
  '–': '-',
  '—': '-',
  _: '-',
};

const ALLOWED = /^[A-Za-z0-9/\-?:().,'+ ]$/;

/** The text in the SEPA character set, spaces collapsed, cut at `max` characters. */
export function sepaText(raw: string, max: number): string {
  let out = '';
  for (const ch of raw.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) continue;
    const c = SPELLED[ch] ?? ch;
    for (const x of c) out += ALLOWED.test(x) ? x : ' ';
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

/** Whether a text is within the SEPA character set already. */
export const isSepaText = (s: string) => [...s].every((c) => ALLOWED.test(c));

/**
 * An identifier a bank echoes back (message, payment information, end-to-end id): SEPA characters
 * without spaces, at most 35, never starting or ending with '/' nor holding '//'.
 */
export function isSepaId(s: string): boolean {
  return (
    s.length >= 1 && s.length <= 35 && /^[A-Za-z0-9\-?:().,'+/]+$/.test(s) && !s.startsWith('/') && !s.endsWith('/') && !s.includes('//')
  );
}
