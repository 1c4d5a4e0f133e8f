/**
 * The accounts-payable exports of common ERPs, recognised by their column names and read without
 * asking: each is data (its columns, what they mean, its sign convention), with a test file in its
 * shape under test/fixtures/erp/. Where an export names the supplier instead of coding it, the column
 * maps to `supplierName` and suppliers are matched by name (supplier-names.ts).
 *
 * A profile recognises a file when every column of its signature is there (names compared as
 * columns.ts compares them: case, spaces and punctuation aside).
 */
import { type ImportKind, normalizeHeader } from './columns.ts';

export interface ErpProfile {
  name: string;
  kind: ImportKind;
  /** Columns that must all be present for the file to be this export. */
  signature: string[];
  /** Header → field ('' leaves a column out). */
  mapping: Record<string, string>;
  options?: { decimalMark?: ',' | '.'; dateOrder?: 'DMY' | 'MDY' };
  /** Payables written as negative amounts (a credit on the vendor's account), turned around. */
  negateAmounts?: boolean;
}

export const ERP_PROFILES: ErpProfile[] = [
  {
    // FBL1N / "Manage Supplier Line Items", exported with the standard layout.
    name: 'SAP vendor line items',
    kind: 'invoices',
    signature: ['Vendor', 'Reference', 'Document Date', 'Net due date', 'Amount in doc. curr.'],
    mapping: {
      Vendor: 'supplierId',
      Reference: 'invoiceNumber',
      'Document Date': 'issueDate',
      'Net due date': 'dueDate',
      'Amount in doc. curr.': 'amount',
      'Document currency': 'currency',
      'Clearing date': 'paidDate',
      // The accounting document number is SAP's own, not the supplier's invoice number.
      DocumentNo: '',
      'Document Number': '',
    },
    negateAmounts: true,
  },
  {
    name: 'SAP crediteurposten',
    kind: 'invoices',
    signature: ['Leverancier', 'Referentie', 'Documentdatum', 'Nettovervaldatum', 'Bedrag in documentvaluta'],
    mapping: {
      Leverancier: 'supplierId',
      Referentie: 'invoiceNumber',
      Documentdatum: 'issueDate',
      Nettovervaldatum: 'dueDate',
      'Bedrag in documentvaluta': 'amount',
      Documentvaluta: 'currency',
      Vereffeningsdatum: 'paidDate',
      Documentnummer: '',
    },
    negateAmounts: true,
  },
  {
    // Business Central's "Vendor Ledger Entries" page, opened in Excel: invoices are negative there.
    name: 'Business Central vendor ledger entries',
    kind: 'invoices',
    signature: ['Vendor No.', 'External Document No.', 'Document Date', 'Due Date', 'Amount'],
    mapping: {
      'Vendor No.': 'supplierId',
      'External Document No.': 'invoiceNumber',
      'Document Date': 'issueDate',
      'Due Date': 'dueDate',
      Amount: 'amount',
      'Currency Code': 'currency',
      'Closed at Date': 'paidDate',
      'Document No.': '',
      'Posting Date': '',
      'Vendor Name': '',
    },
    negateAmounts: true,
  },
  {
    name: 'Business Central leveranciersposten',
    kind: 'invoices',
    signature: ['Leveranciersnr.', 'Extern documentnr.', 'Documentdatum', 'Vervaldatum', 'Bedrag'],
    mapping: {
      'Leveranciersnr.': 'supplierId',
      'Extern documentnr.': 'invoiceNumber',
      Documentdatum: 'issueDate',
      Vervaldatum: 'dueDate',
      Bedrag: 'amount',
      Valutacode: 'currency',
      'Gesloten op datum': 'paidDate',
      'Documentnr.': '',
      Boekingsdatum: '',
      Leveranciersnaam: '',
    },
    negateAmounts: true,
  },
  {
    // Exact Online's payables list (Financial → PayablesList in its REST API, and the connectors and
    // spreadsheet add-ins built on it). InvoiceNumber there is Exact's own entry number; the
    // supplier's invoice number is YourRef.
    name: 'Exact Online payables list',
    kind: 'invoices',
    signature: ['AccountCode', 'YourRef', 'InvoiceDate', 'DueDate', 'Amount'],
    mapping: {
      AccountCode: 'supplierId',
      YourRef: 'invoiceNumber',
      InvoiceDate: 'issueDate',
      DueDate: 'dueDate',
      Amount: 'amount',
      CurrencyCode: 'currency',
      InvoiceNumber: '',
      EntryNumber: '',
      AccountName: '',
      Description: '',
    },
  },
  {
    // Xero's bills export (the same columns as its import template; required ones starred).
    name: 'Xero bills',
    kind: 'invoices',
    signature: ['ContactName', 'InvoiceNumber', 'InvoiceDate', 'DueDate', 'Total'],
    mapping: {
      ContactName: 'supplierName',
      InvoiceNumber: 'invoiceNumber',
      InvoiceDate: 'issueDate',
      DueDate: 'dueDate',
      Total: 'amount',
      InvoiceAmountPaid: 'paidAmount',
      Currency: 'currency',
      Reference: '',
      Status: '',
    },
  },
  {
    // QuickBooks Online's bill list ("Expenses → Bills"), exported to Excel/CSV.
    name: 'QuickBooks Online bills',
    kind: 'invoices',
    signature: ['Vendor', 'Bill No.', 'Bill Date', 'Due Date'],
    mapping: {
      Vendor: 'supplierName',
      'Bill No.': 'invoiceNumber',
      'Bill Date': 'issueDate',
      'Due Date': 'dueDate',
      Total: 'amount',
      Amount: 'amount',
      Currency: 'currency',
      'Open Balance': '',
      Status: '',
    },
    options: { dateOrder: 'MDY' },
  },
  {
    // Odoo's vendor bills list (Accounting → Vendors → Bills), exported.
    name: 'Odoo vendor bills',
    kind: 'invoices',
    signature: ['Vendor', 'Bill Reference', 'Bill Date', 'Due Date'],
    mapping: {
      Vendor: 'supplierName',
      'Bill Reference': 'invoiceNumber',
      'Bill Date': 'issueDate',
      'Due Date': 'dueDate',
      Total: 'amount',
      'Total in Currency': 'amount',
      Currency: 'currency',
      'Payment Reference': 'paymentReference',
      Number: '',
      'Amount Due': '',
      'Payment Status': '',
      Status: '',
    },
  },
  {
    // ERPNext's Purchase Invoice report view: Supplier is the supplier's id there.
    name: 'ERPNext purchase invoices',
    kind: 'invoices',
    signature: ['Supplier', 'Bill No', 'Bill Date', 'Due Date', 'Grand Total'],
    mapping: {
      Supplier: 'supplierId',
      'Bill No': 'invoiceNumber',
      'Bill Date': 'issueDate',
      'Due Date': 'dueDate',
      'Grand Total': 'amount',
      Currency: 'currency',
      ID: '',
      'Supplier Name': '',
      'Posting Date': '',
      'Outstanding Amount': '',
      Status: '',
    },
  },
];

/** The ERP export these columns are (or the one named, when it fits them), else null. */
export function recognisedExport(kind: ImportKind, header: string[], name?: string): ErpProfile | null {
  const present = new Set(header.map(normalizeHeader));
  const fits = (p: ErpProfile) => p.kind === kind && p.signature.every((h) => present.has(normalizeHeader(h)));
  const found = name
    ? ERP_PROFILES.find((p) => p.name === name && fits(p))
    : // The most specific one: the longest signature that fits.
      ERP_PROFILES.filter(fits).sort((a, b) => b.signature.length - a.signature.length)[0];
  return found ? { ...found, mapping: mappingFor(found, header) } : null;
}

/**
 * The profile's mapping for the columns a file has: its other columns are left out (an export's
 * "Date" is not its invoice date), and where it names one thing in either of two columns (versions
 * differ), the first of them present is used.
 */
function mappingFor(p: ErpProfile, header: string[]): Record<string, string> {
  const present = new Set(header.map(normalizeHeader));
  const out: Record<string, string> = Object.fromEntries(header.filter((h) => h.trim()).map((h) => [h, '']));
  const taken = new Set<string>();
  for (const [header, field] of Object.entries(p.mapping)) {
    if (!present.has(normalizeHeader(header))) continue;
    out[header] = field && !taken.has(field) ? field : '';
    if (field) taken.add(field);
  }
  return out;
}
