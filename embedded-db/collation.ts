/**
 * Collations (https://www.mongodb.com/docs/manual/reference/collation/): strings compared by a
 * locale's rules. MongoDB compares through ICU; so does Node's Intl.Collator, which is what a
 * collation becomes here. The simple collation (and no collation) is `null`: strings compare by code
 * point, as everywhere else in the server.
 *
 * What Intl.Collator cannot express is refused with NotImplemented rather than approximated:
 * `backwards`, `normalization: true`, `maxVariable: "space"`, a case level above strength 1, and
 * ICU keywords in the locale (`de@collation=phonebook`).
 */
import { fail } from './errors.ts';
import { type Doc, isPlainObject } from './values.ts';

export interface Collation {
  compare(a: string, b: string): number;
}

const FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);
const SENSITIVITY = { 1: 'base', 2: 'accent', 3: 'variant' } as const;

const bad = (message: string): never => fail('BadValue', message);

function boolField(spec: Doc, field: string): boolean {
  const v = spec[field];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail('TypeMismatch', `BSON field 'collation.${field}' is the wrong type, expected type 'bool'`);
  return v;
}

function choice<T extends string>(spec: Doc, field: string, allowed: readonly T[], fallback: T): T {
  const v = spec[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T))
    fail('FailedToParse', `Field '${field}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}. Got: ${String(v)}`);
  return v as T;
}

/** The locale as MongoDB names it (ICU's en_US), checked; its BCP 47 tag (en-US) for Intl. */
function localeTag(locale: string): string {
  if (locale === '') bad("Field 'locale' cannot be the empty string");
  // MongoDB takes ICU's names only, and answers the BCP 47 form with the ICU one.
  if (locale.includes('-')) bad(`Field 'locale' is invalid in: { locale: "${locale}" }. Did you mean '${locale.replaceAll('-', '_')}'?`);
  if (locale.includes('@')) fail('NotImplemented', `collation locale ${locale}: ICU keywords are not supported by the embedded server`);
  const tag = locale.replaceAll('_', '-');
  let supported: string[] = [];
  try {
    supported = Intl.Collator.supportedLocalesOf(tag);
  } catch {
    // An ill-formed tag: refused below like an unknown one.
  }
  if (supported.length === 0) bad(`Field 'locale' is invalid in: { locale: "${locale}" }`);
  return tag;
}

/** A command's (or statement's) `collation`, checked as MongoDB checks it; null for none or the simple collation. */
export function parseCollation(spec: unknown): Collation | null {
  if (spec === undefined || spec === null) return null;
  if (!isPlainObject(spec)) fail('TypeMismatch', "BSON field 'collation' is the wrong type, expected type 'object'");
  if (typeof spec.locale !== 'string') fail('TypeMismatch', "BSON field 'collation.locale' is missing or not a string");
  if (spec.locale === 'simple') {
    if (Object.keys(spec).length > 1) fail('FailedToParse', 'If locale=simple, no other fields should be present');
    return null;
  }
  const tag = localeTag(spec.locale);
  for (const k of Object.keys(spec)) if (!FIELDS.has(k)) fail('FailedToParse', `Collation spec contains unknown field: ${k}`);
  const strength = spec.strength === undefined ? 3 : Number(spec.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5)
    fail('FailedToParse', `Field 'strength' must be an integer 1 through 5. Got: ${String(spec.strength)}`);
  const caseLevel = boolField(spec, 'caseLevel');
  const numericOrdering = boolField(spec, 'numericOrdering');
  const backwards = boolField(spec, 'backwards');
  const normalization = boolField(spec, 'normalization');
  const caseFirst = choice(spec, 'caseFirst', ['upper', 'lower', 'off'], 'off');
  const alternate = choice(spec, 'alternate', ['non-ignorable', 'shifted'], 'non-ignorable');
  const maxVariable = choice(spec, 'maxVariable', ['punct', 'space'], 'punct');
  // Options that could have no effect are errors in MongoDB.
  if (caseFirst !== 'off' && !caseLevel && strength < 3)
    bad("'caseFirst' is invalid unless 'caseLevel' is on or 'strength' is greater than 2");
  if (backwards && strength === 1) bad("'backwards' is invalid with 'strength' of 1");
  const unsupported = (what: string): never => fail('NotImplemented', `collation ${what} is not supported by the embedded server`);
  if (backwards) unsupported('backwards: true');
  if (normalization) unsupported('normalization: true');
  if (alternate === 'shifted' && maxVariable === 'space') unsupported('maxVariable: "space"');
  // A case level adds case to strength 1 (Intl's "case"); above it Intl has no accent-and-case-only level.
  if (caseLevel && strength === 2) unsupported('caseLevel: true with strength 2');
  // Strength 4 differs from 3 only for ignorable (shifted) characters.
  if (strength === 4 && alternate === 'shifted') unsupported('strength 4 with alternate: "shifted"');
  const level = Math.min(strength, 3) as 1 | 2 | 3;
  const collator = new Intl.Collator(tag, {
    usage: 'sort',
    sensitivity: caseLevel && level === 1 ? 'case' : SENSITIVITY[level],
    caseFirst: caseFirst === 'off' ? 'false' : caseFirst,
    numeric: numericOrdering,
    // V8 turns ignorePunctuation into ICU's alternate=shifted; ICU's maxVariable defaults to punct, as MongoDB's.
    ignorePunctuation: alternate === 'shifted',
  });
  // Strength 5 (identical): equal only when the code points are, after everything else is.
  const compare =
    strength === 5
      ? (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
      : (a: string, b: string) => collator.compare(a, b);
  return { compare };
}
