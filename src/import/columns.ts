/**
 * Column headers from any ERP, English or Dutch, matched case-, space- and punctuation-insensitively
 * onto canonical field names. A user mapping (`{"Factuur nr.": "invoiceNumber"}`) overrides; mapping a
 * header to "" leaves that column out.
 */
export type ImportKind = 'invoices' | 'suppliers';

const INVOICE_FIELDS: Record<string, string[]> = {
  supplierId: [
    'supplierid',
    'supplier',
    'suppliercode',
    'supplierno',
    'vendorid',
    'vendor',
    'vendorcode',
    'vendorno',
    'creditor',
    'creditorid',
    'crediteur',
    'crediteurnummer',
    'crediteurcode',
    'crediteurnr',
    'leverancier',
    'leveranciernummer',
    'leverancierscode',
    'leveranciercode',
    'leveranciernr',
    'relatiecode',
    'relatienummer',
  ],
  invoiceNumber: [
    'invoicenumber',
    'invoiceno',
    'invoicenr',
    'invoiceid',
    'invoice',
    'documentnumber',
    'documentno',
    'factuurnummer',
    'factuurnr',
    'factuur',
    'factuurno',
    'boekstuknummer',
    'documentnummer',
  ],
  issueDate: ['issuedate', 'invoicedate', 'date', 'documentdate', 'factuurdatum', 'datum', 'boekdatum', 'documentdatum'],
  receivedDate: ['receiveddate', 'received', 'receiptdate', 'dateReceived'.toLowerCase(), 'ontvangstdatum', 'ontvangen', 'datumontvangst'],
  dueDate: ['duedate', 'due', 'paymentduedate', 'vervaldatum', 'vervaldag', 'uiterstebetaaldatum'],
  amount: [
    'amount',
    'grossamount',
    'total',
    'totalamount',
    'invoiceamount',
    'amountinclvat',
    'bedrag',
    'totaal',
    'totaalbedrag',
    'factuurbedrag',
    'bedraginclbtw',
    'brutobedrag',
  ],
  /** Some exports name the supplier instead of coding it: matched to the known suppliers by name. */
  supplierName: [
    'suppliername',
    'vendorname',
    'contactname',
    'creditorname',
    'leveranciersnaam',
    'leveranciernaam',
    'crediteurnaam',
    'relatienaam',
  ],
  currency: ['currency', 'currencycode', 'cur', 'valuta', 'munt', 'valutacode'],
  paidDate: ['paiddate', 'paymentdate', 'datepaid', 'paid', 'betaaldatum', 'betaaldop', 'datumbetaald', 'betalingsdatum'],
  paidAmount: ['paidamount', 'amountpaid', 'payment', 'betaaldbedrag', 'betaald', 'bedragbetaald'],
  status: ['status', 'invoicestatus', 'state', 'factuurstatus'],
  disputeReason: ['disputereason', 'dispute', 'reasonfordispute', 'disputereden', 'geschil', 'redengeschil', 'betwistingsreden'],
  scheduledDate: [
    'scheduleddate',
    'expectedpaymentdate',
    'plannedpaymentdate',
    'paymentscheduled',
    'geplandebetaaldatum',
    'verwachtebetaaldatum',
  ],
  paymentReference: [
    'paymentreference',
    'creditorreference',
    'structuredreference',
    'rfreference',
    'betalingskenmerk',
    'betaalkenmerk',
    'kenmerk',
    'betalingsreferentie',
  ],
  poNumber: [
    'ponumber',
    'po',
    'purchaseorder',
    'purchaseordernumber',
    'ordernumber',
    'inkoopordernummer',
    'inkooporder',
    'bestelnummer',
    'ordernummer',
  ],
  /** BT-10: the buyer's own reference for the invoice (an e-invoice's routing code or cost centre). */
  buyerReference: ['buyerreference', 'yourreference', 'referentieafnemer', 'uwreferentie'],
  /** The legal entity the invoice is addressed to (a code of the entities file); none: the default entity. */
  entity: ['entity', 'entitycode', 'legalentity', 'entiteit', 'administratie', 'administratiecode', 'administratienummer'],
  /** The invoice a credit note corrects. */
  correctsInvoice: ['correctsinvoice', 'originalinvoice', 'creditedinvoice', 'oorspronkelijkefactuur', 'gecrediteerdefactuur'],
  // What identifies the supplier as a company, when the file has no supplier id (e-invoices): found
  // by these among the known suppliers, else created (supplier-keys.ts).
  supplierVat: ['suppliervat', 'suppliervatnumber', 'vatnumber', 'vatid', 'btwnummer', 'btwnr', 'btwid', 'leveranciersbtwnummer'],
  supplierRegistration: ['supplierregistration', 'registrationnumber', 'companynumber', 'kvknummer', 'kvknr', 'cocnumber'],
  supplierPeppol: ['supplierpeppol', 'peppolid', 'peppoladdress', 'peppoladres'],
  supplierIban: ['supplieriban', 'leveranciersiban'],
  supplierBic: ['supplierbic', 'leveranciersbic'],
  supplierCountry: ['suppliercountry', 'leveranciersland'],
  /** The e-invoice a line was read from (a file's name, or its name in a zip), and why it could not be. */
  document: ['document'],
  documentError: ['documenterror'],
};

/** Fields of the lines tijdig writes itself from e-invoices: not offered in the mapping step. */
const INTERNAL_FIELDS = new Set(['document', 'documentError']);
/** Fields that find an invoice's supplier without its id. */
export const SUPPLIER_KEY_FIELDS = ['supplierVat', 'supplierRegistration', 'supplierPeppol', 'supplierIban'];

const SUPPLIER_FIELDS: Record<string, string[]> = {
  supplierId: INVOICE_FIELDS.supplierId,
  name: [
    'name',
    'suppliername',
    'vendorname',
    'companyname',
    'naam',
    'leveranciersnaam',
    'leveranciernaam',
    'bedrijfsnaam',
    'crediteurnaam',
  ],
  country: ['country', 'countrycode', 'land', 'landcode'],
  employees: ['employees', 'numberofemployees', 'headcount', 'fte', 'werknemers', 'aantalwerknemers', 'medewerkers', 'aantalmedewerkers'],
  annualRevenue: ['annualrevenue', 'revenue', 'turnover', 'annualturnover', 'omzet', 'jaaromzet'],
  revenueCurrency: ['revenuecurrency', 'turnovercurrency', 'omzetvaluta', 'valutaomzet'],
  paymentTermsDays: [
    'paymenttermsdays',
    'paymentterms',
    'terms',
    'termsdays',
    'betalingstermijn',
    'betaaltermijn',
    'betalingstermijndagen',
  ],
  contactEmail: ['contactemail', 'email', 'emailaddress', 'mail', 'eMail'.toLowerCase(), 'emailadres', 'contactmail'],
  ownerEmail: [
    'owneremail',
    'owner',
    'buyeremail',
    'buyer',
    'accountowner',
    'relationshipowner',
    'inkoper',
    'emailinkoper',
    'eigenaar',
    'contracteigenaar',
  ],
  sizeClass: ['sizeclass', 'size', 'companysize', 'grootte', 'grootteklasse', 'bedrijfsgrootte'],
  iban: [
    'iban',
    'ibannumber',
    'bankaccount',
    'bankaccountnumber',
    'accountnumber',
    'bankrekening',
    'bankrekeningnummer',
    'rekeningnummer',
    'ibannummer',
  ],
  vatNumber: ['vatnumber', 'vatid', 'vat', 'btwnummer', 'btwnr', 'btwid', 'omzetbelastingnummer'],
  registrationNumber: ['registrationnumber', 'companynumber', 'kvknummer', 'kvknr', 'kvk', 'cocnumber', 'handelsregisternummer'],
  peppolId: ['peppolid', 'peppol', 'peppoladdress', 'peppoladres'],
  bic: ['bic', 'swift', 'swiftbic', 'biccode'],
};

export const FIELDS: Record<ImportKind, Record<string, string[]>> = { invoices: INVOICE_FIELDS, suppliers: SUPPLIER_FIELDS };
export const REQUIRED: Record<ImportKind, string[]> = {
  invoices: ['supplierId', 'invoiceNumber', 'issueDate', 'amount'],
  suppliers: ['supplierId', 'name'],
};

export const normalizeHeader = (h: string) =>
  h
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export interface ColumnMap {
  /** Column index → canonical field. */
  fields: Map<number, string>;
  unknown: string[];
  missing: string[];
  /** A field named by two columns. */
  duplicates: string[];
}

export function mapColumns(kind: ImportKind, header: string[], userMapping: Record<string, string> = {}): ColumnMap {
  const synonyms = FIELDS[kind];
  const lookup = new Map<string, string>();
  for (const [field, names] of Object.entries(synonyms)) {
    lookup.set(normalizeHeader(field), field);
    for (const n of names) lookup.set(normalizeHeader(n), field);
  }
  const user = new Map(Object.entries(userMapping).map(([h, f]) => [normalizeHeader(h), f]));
  const fields = new Map<number, string>();
  const unknown: string[] = [];
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  header.forEach((h, i) => {
    const key = normalizeHeader(h);
    const chosen = user.get(key);
    const field = chosen === '' ? undefined : (chosen ?? lookup.get(key));
    if (!field || !(field in synonyms)) {
      if (h.trim() !== '') unknown.push(h);
      return;
    }
    if (seen.has(field)) duplicates.push(field);
    seen.set(field, i);
    fields.set(i, field);
  });
  // A supplier named rather than coded stands for its id (matched by name when the file is read).
  // So does what identifies it as a company (e-invoices).
  const standsForId = seen.has('supplierName') || (kind === 'invoices' && SUPPLIER_KEY_FIELDS.some((f) => seen.has(f)));
  const missing = REQUIRED[kind].filter((f) => !seen.has(f) && !(f === 'supplierId' && standsForId));
  return { fields, unknown, missing, duplicates };
}

/** The fields a file of this kind can hold, the required ones first. */
export function fieldsOf(kind: ImportKind): Array<{ field: string; required: boolean }> {
  const required = REQUIRED[kind];
  return [
    ...required.map((field) => ({ field, required: true })),
    ...Object.keys(FIELDS[kind])
      .filter((f) => !required.includes(f) && !INTERNAL_FIELDS.has(f))
      .map((field) => ({ field, required: false })),
  ];
}

/** A header set as a key: the same columns in any order, named in any case or spacing, give the same key. */
export const headerKey = (header: string[]) => [...new Set(header.map(normalizeHeader).filter(Boolean))].sort().join('|');
