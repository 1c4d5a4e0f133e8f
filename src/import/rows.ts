/**
 * One CSV row to a canonical invoice or supplier, or the list of what is wrong with it, each naming
 * the column, the value and why.
 */
import { isValidIban, normalizeIban } from '../domain/iban.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../domain/invoice.ts';
import { exponentOf } from '../domain/money.ts';
import { SIZE_CLASSES, type SizeClass } from '../domain/supplier.ts';
import { type ColumnMap, type ImportKind, REQUIRED, SUPPLIER_KEY_FIELDS } from './columns.ts';
import type { CompanyNumbers } from './company-numbers.ts';
import { type DayMonthOrder, parseDate } from './dates.ts';
import { type DecimalMark, parseAmount } from './numbers.ts';
import { type NewSupplier, SupplierKeys } from './supplier-keys.ts';
import type { SupplierNames } from './supplier-names.ts';

/** How much of a rejected value an error keeps. */
const VALUE_SHOWN = 200;

export interface RowError {
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface Decisions {
  decimalMark: DecimalMark;
  /** Per date field. */
  dateOrder: Record<string, DayMonthOrder>;
  baseCurrency: string;
  /** Payables written as negative amounts: turned around. */
  negateAmounts?: boolean;
}

export const DATE_FIELDS = ['issueDate', 'receivedDate', 'dueDate', 'paidDate', 'scheduledDate'];
export const AMOUNT_FIELDS = ['amount', 'paidAmount', 'annualRevenue'];

const STATUS_SYNONYMS: Record<string, InvoiceStatus> = {
  open: 'received',
  ontvangen: 'received',
  nieuw: 'received',
  new: 'received',
  betwist: 'disputed',
  geschil: 'disputed',
  dispuut: 'disputed',
  goedgekeurd: 'approved',
  akkoord: 'approved',
  gepland: 'scheduled',
  ingepland: 'scheduled',
  betaald: 'paid',
  voldaan: 'paid',
  geannuleerd: 'cancelled',
  vervallen: 'cancelled',
  canceled: 'cancelled',
  gecrediteerd: 'cancelled',
};

const SIZE_SYNONYMS: Record<string, SizeClass> = {
  klein: 'small',
  middelgroot: 'medium',
  midden: 'medium',
  middel: 'medium',
  groot: 'large',
  zzp: 'micro',
};

/** What a row needs of an entity it names. */
export interface EntityRef {
  code: string;
  baseCurrency: string;
}

export interface ConvertedRow {
  /** Canonical fields with a value. */
  set: Record<string, unknown>;
  /** Optional fields whose column is present but empty in this row: cleared on re-import. */
  unset: string[];
  /** A supplier the row's keys did not find: created with the invoice. */
  supplier?: NewSupplier;
}

type FieldKind =
  | 'date'
  | 'amount'
  | 'status'
  | 'whole'
  | 'country'
  | 'sizeClass'
  | 'email'
  | 'iban'
  | 'text'
  | 'currency'
  | 'supplierName'
  | 'entity'
  /** Read for the row's supplier or its document, not stored on the invoice. */
  | 'aside';

interface Cell {
  index: number;
  field: string;
  column: string;
  kind: FieldKind;
}

/** Fields read by their own rule; the others are dates, amounts or text. */
const KIND_OF_FIELD = new Map<string, FieldKind>([
  ['supplierName', 'supplierName'],
  ['entity', 'entity'],
  ...[
    'supplierVat',
    'supplierRegistration',
    'supplierPeppol',
    'supplierIban',
    'supplierBic',
    'supplierCountry',
    'document',
    'documentError',
  ].map((f) => [f, 'aside'] as [string, FieldKind]),
  ['currency', 'currency'],
  ['revenueCurrency', 'currency'],
  ['status', 'status'],
  ['employees', 'whole'],
  ['paymentTermsDays', 'whole'],
  ['country', 'country'],
  ['sizeClass', 'sizeClass'],
  ['contactEmail', 'email'],
  ['ownerEmail', 'email'],
  ['iban', 'iban'],
]);

const kindOf = (field: string): FieldKind =>
  DATE_FIELDS.includes(field) ? 'date' : AMOUNT_FIELDS.includes(field) ? 'amount' : (KIND_OF_FIELD.get(field) ?? 'text');

/**
 * Reads the rows of one file: which column holds which field is worked out once from the header,
 * so a row is converted straight from its array of cells (a file has a million rows; per-row maps
 * and closures were most of the importer's time).
 */
export class RowReader {
  private readonly cells: Cell[];
  private readonly byField = new Map<string, Cell>();
  private readonly required: string[];
  private readonly currencyField: string;
  /** Set when the file names its suppliers instead of coding them. */
  private names: SupplierNames | null = null;
  /** Set when the file identifies its suppliers as companies (e-invoices). */
  private keys: SupplierKeys | null = null;
  /** The group's entities by upper-case code, when the file has an entity column. */
  private entities: ReadonlyMap<string, EntityRef> | null = null;
  /** Whether the file identifies its suppliers by VAT number, registration, Peppol address or IBAN. */
  readonly keysSuppliers: boolean;
  /** Whether the file names its suppliers without their ids (they are then matched by name). */
  readonly namesSuppliers: boolean;
  /** Whether the file says which legal entity each invoice is addressed to. */
  readonly namesEntities: boolean;
  /** Whether a supplier file gives VAT or registration numbers (each company is one supplier id). */
  readonly givesCompanyNumbers: boolean;
  private numbers: CompanyNumbers | null = null;

  constructor(
    readonly kind: ImportKind,
    columns: ColumnMap,
    header: string[],
  ) {
    this.cells = [...columns.fields].map(([index, field]) => ({ index, field, column: header[index], kind: kindOf(field) }));
    for (const c of this.cells) this.byField.set(c.field, c);
    this.required = REQUIRED[kind];
    this.currencyField = kind === 'invoices' ? 'currency' : 'revenueCurrency';
    // Worked out once, from the columns: asked for every row.
    const coded = this.byField.has('supplierId');
    this.keysSuppliers = kind === 'invoices' && !coded && SUPPLIER_KEY_FIELDS.some((f) => this.byField.has(f));
    this.namesSuppliers = !coded && this.byField.has('supplierName') && !this.keysSuppliers;
    this.namesEntities = kind === 'invoices' && this.byField.has('entity');
    this.givesCompanyNumbers = kind === 'suppliers' && (this.byField.has('vatNumber') || this.byField.has('registrationNumber'));
  }

  /** The numbers known suppliers have, to refuse a second supplier id for one company. */
  matchCompanyNumbersWith(numbers: CompanyNumbers): void {
    this.numbers = numbers;
  }

  /** The known suppliers to find a file's suppliers among by their keys. */
  matchKeysWith(keys: SupplierKeys): void {
    this.keys = keys;
  }

  private keysOf(fields: string[]) {
    return {
      vat: this.text(fields, 'supplierVat'),
      registration: this.text(fields, 'supplierRegistration'),
      peppol: this.text(fields, 'supplierPeppol'),
      iban: this.text(fields, 'supplierIban'),
    };
  }

  /** The group's entities, to check a file's entity codes against (by upper-case code). */
  matchEntitiesWith(entities: ReadonlyMap<string, EntityRef>): void {
    this.entities = entities;
  }

  /** The known suppliers to match a file's supplier names against. */
  matchNamesWith(names: SupplierNames): void {
    this.names = names;
  }

  /** The columns of a field kind ('date', 'amount'), for the analysis of a file's formats. */
  columnsOf(kind: FieldKind): Array<{ index: number; field: string }> {
    return this.cells.filter((c) => c.kind === kind);
  }

  /** The trimmed text of a field in a row ('' when the file has no such column). */
  text(fields: string[], field: string): string {
    const c = this.byField.get(field);
    return c ? (fields[c.index] ?? '').trim() : '';
  }

  /** The cell of a field as the user sees it, for error messages. */
  where(fields: string[], field: string): { column: string; value: string } {
    const c = this.byField.get(field);
    const value = c ? (fields[c.index] ?? '') : '';
    // A cell can be megabytes long: an error report keeps enough of it to find the row.
    return {
      column: c?.column ?? field,
      value: value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}… (${value.length} characters)` : value,
    };
  }

  /** The natural key: supplier and invoice number, or the supplier id. */
  key(fields: string[]): string {
    // A document that could not be read has no key of its own: it is rejected for what is wrong with it.
    if (this.byField.has('documentError') && this.text(fields, 'documentError')) return `\u0002${this.text(fields, 'document')}`;
    const supplier = this.keysSuppliers
      ? Object.values(this.keysOf(fields)).join('\u0001')
      : this.text(fields, this.namesSuppliers ? 'supplierName' : 'supplierId');
    return this.kind === 'invoices' ? `${supplier}\u0000${this.text(fields, 'invoiceNumber')}` : supplier;
  }

  private readonly reject = (errors: RowError[], fields: string[], line: number, field: string, reason: string) => {
    const where = this.where(fields, field);
    // A line written from an e-invoice: the error names the document, as the person knows it.
    const document = this.text(fields, 'document');
    const column = document && field !== 'document' ? `${document}: ${where.column}` : where.column;
    const value = where.value;
    // A cell can be megabytes long: the error report keeps enough of it to find the row.
    errors.push({
      line,
      column,
      value: value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}… (${value.length} characters)` : value,
      reason,
    });
  };

  convert(fields: string[], line: number, d: Decisions): ConvertedRow | RowError[] {
    const { kind } = this;
    const errors: RowError[] = [];
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    // A method rather than a closure: this runs for every row, and most rows have nothing wrong.
    const bad = this.reject;

    // The entity first: an invoice without a currency is in its entity's.
    let currency = d.baseCurrency;
    const entityCode = this.namesEntities ? this.text(fields, 'entity') : '';
    if (entityCode) {
      const entity = this.entities?.get(entityCode.toUpperCase());
      if (!entity)
        bad(
          errors,
          fields,
          line,
          'entity',
          this.entities
            ? `unknown entity code (entities: ${[...new Set([...this.entities.values()].map((e) => e.code))].join(', ')}); import an entities file first`
            : 'no entities to match against',
        );
      else {
        set.entity = entity.code;
        currency = entity.baseCurrency;
      }
    } else if (this.namesEntities) unset.push('entity');
    const rawCurrency = this.text(fields, this.currencyField).toUpperCase();
    if (rawCurrency !== '') {
      if (/^[A-Z]{3}$/.test(rawCurrency)) currency = rawCurrency;
      else bad(errors, fields, line, this.currencyField, 'not an ISO 4217 currency code such as EUR');
    }
    if (kind === 'invoices') set.currency = currency;
    else if (this.text(fields, 'annualRevenue') !== '') set.revenueCurrency = currency;

    const documentError = this.text(fields, 'documentError');
    if (documentError) {
      bad(errors, fields, line, 'document', documentError);
      return errors;
    }

    let supplier: NewSupplier | undefined;
    const keys = this.keysSuppliers ? this.keysOf(fields) : null;
    if (keys) {
      if (!SupplierKeys.hasAny(keys))
        bad(
          errors,
          fields,
          line,
          'supplierVat',
          'the supplier has no VAT number, registration number, Peppol address or valid IBAN to be found by',
        );
      else if (!this.keys) bad(errors, fields, line, 'supplierVat', 'no suppliers to match against');
    }

    if (kind === 'invoices' && this.namesSuppliers) {
      const name = this.text(fields, 'supplierName');
      const found =
        name === ''
          ? { error: 'required, but empty' }
          : this.names
            ? this.names.match(name)
            : { error: 'no suppliers to match names against' };
      if ('error' in found) bad(errors, fields, line, 'supplierName', found.error);
      else set.supplierId = found.supplierId;
    }

    for (const c of this.cells) {
      if (c.kind === 'currency' || c.kind === 'supplierName' || c.kind === 'aside' || c.kind === 'entity') continue;
      const raw = (fields[c.index] ?? '').trim();
      const field = c.field;
      if (raw === '') {
        if (!this.required.includes(field)) unset.push(field);
        continue;
      }
      switch (c.kind) {
        case 'date': {
          const r = parseDate(raw, d.dateOrder[field] ?? 'DMY');
          if (typeof r === 'string') set[field] = r;
          else bad(errors, fields, line, field, r.error);
          break;
        }
        case 'amount': {
          const r = parseAmount(raw, d.decimalMark, exponentOf(currency));
          if (typeof r === 'number') set[field] = d.negateAmounts && field !== 'annualRevenue' ? -r || 0 : r;
          else bad(errors, fields, line, field, `${r} (decimal mark read as "${d.decimalMark}")`);
          break;
        }
        case 'status': {
          const k = raw.toLowerCase();
          const s = (INVOICE_STATUSES as readonly string[]).includes(k) ? (k as InvoiceStatus) : STATUS_SYNONYMS[k];
          if (s) set.status = s;
          else bad(errors, fields, line, field, `unknown status (expected one of ${INVOICE_STATUSES.join(', ')})`);
          break;
        }
        case 'whole':
          if (!/^\d+$/.test(raw) || (field === 'paymentTermsDays' && Number(raw) > 365))
            bad(errors, fields, line, field, field === 'employees' ? 'not a whole number' : 'not a whole number of days from 0 to 365');
          else set[field] = Number(raw);
          break;
        case 'country':
          if (!/^[A-Za-z]{2}$/.test(raw)) bad(errors, fields, line, field, 'not an ISO 3166 two-letter country code such as NL');
          else set.country = raw.toUpperCase();
          break;
        case 'sizeClass': {
          const k = raw.toLowerCase();
          const s = (SIZE_CLASSES as readonly string[]).includes(k) ? (k as SizeClass) : SIZE_SYNONYMS[k];
          if (s) set.sizeClass = s;
          else bad(errors, fields, line, field, `unknown size class (expected one of ${SIZE_CLASSES.join(', ')})`);
          break;
        }
        case 'iban':
          if (!isValidIban(raw)) bad(errors, fields, line, field, 'not a valid IBAN (its check digits do not match)');
          else set.iban = normalizeIban(raw);
          break;
        case 'email':
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) bad(errors, fields, line, field, 'not an e-mail address');
          else set[field] = raw;
          break;
        default:
          if (raw.length > 200) bad(errors, fields, line, field, 'longer than 200 characters');
          else set[field] = raw;
      }
    }

    for (const f of this.required)
      if (!(f === 'supplierId' && (this.namesSuppliers || this.keysSuppliers)) && this.text(fields, f) === '')
        bad(errors, fields, line, f, 'required, but empty');

    if (kind === 'invoices' && errors.length === 0) {
      const amount = set.amount as number;
      if (set.paidAmount !== undefined && Math.abs(set.paidAmount as number) > Math.abs(amount))
        bad(errors, fields, line, 'paidAmount', 'more than the invoice amount');
      if (set.dueDate !== undefined && (set.dueDate as string) < (set.issueDate as string))
        bad(errors, fields, line, 'dueDate', `before the issue date ${set.issueDate as string}`);
      if (set.paidDate !== undefined && (set.paidDate as string) < (set.issueDate as string))
        bad(errors, fields, line, 'paidDate', `before the issue date ${set.issueDate as string}`);
    }
    if (this.numbers && errors.length === 0) {
      const id = set.supplierId as string;
      const clash = this.numbers.claim(id, { vatNumber: set.vatNumber as string, registrationNumber: set.registrationNumber as string });
      if (clash)
        bad(
          errors,
          fields,
          line,
          clash.field,
          `already supplier ${clash.owner}'s: one company is one supplier to the group, whichever entity buys from it; give this row the id ${clash.owner}, or correct the number`,
        );
    }
    if (errors.length) return errors;
    // Found (or made) only for a row that is imported: a rejected row introduces no supplier.
    if (keys && this.keys) {
      const found = this.keys.find(keys, {
        name: this.text(fields, 'supplierName'),
        country: this.text(fields, 'supplierCountry'),
        bic: this.text(fields, 'supplierBic'),
      });
      set.supplierId = found.supplierId;
      supplier = found.created;
    }
    return supplier ? { set, unset, supplier } : { set, unset };
  }
}
