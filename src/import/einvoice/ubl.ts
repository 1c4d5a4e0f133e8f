/**
 * UBL 2.1 Invoice and CreditNote as Peppol BIS Billing 3.0 uses them: the business terms tijdig
 * needs, by the element paths of the BIS's syntax binding.
 */
import { child, children, textAt, type XmlElement } from '../xml.ts';
import { CREDIT_NOTE_CODES, checked, dueDateOf, type EInvoice, signed } from './document.ts';

export function readUbl(root: XmlElement): EInvoice {
  const isCreditNote = root.name === 'CreditNote';
  const typeCode = textAt(root, isCreditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode');
  const creditNote = isCreditNote || CREDIT_NOTE_CODES.has(typeCode);
  const party = child(root, 'AccountingSupplierParty', 'Party');
  const endpoint = child(party, 'EndpointID');
  const vat =
    children(party, 'PartyTaxScheme').find((s) => textAt(s, 'TaxScheme', 'ID').toUpperCase() === 'VAT') ?? child(party, 'PartyTaxScheme');
  const means = children(root, 'PaymentMeans');
  const account = means.map((m) => child(m, 'PayeeFinancialAccount')).find(Boolean);
  const issueDate = textAt(root, 'IssueDate');
  const payable = textAt(root, 'LegalMonetaryTotal', 'PayableAmount');
  return checked(
    {
      syntax: 'UBL',
      number: textAt(root, 'ID'),
      issueDate,
      dueDate: dueDateOf(
        textAt(root, 'DueDate') || means.map((m) => textAt(m, 'PaymentDueDate')).find(Boolean) || '',
        issueDate,
        textAt(root, 'PaymentTerms', 'Note'),
      ),
      amount: payable ? signed(payable, creditNote) : '',
      currency: textAt(root, 'DocumentCurrencyCode'),
      creditNote,
      corrects: textAt(root, 'BillingReference', 'InvoiceDocumentReference', 'ID'),
      buyerReference: textAt(root, 'BuyerReference'),
      purchaseOrder: textAt(root, 'OrderReference', 'ID'),
      paymentReference: means.map((m) => textAt(m, 'PaymentID')).find(Boolean) ?? '',
      supplier: {
        name: textAt(party, 'PartyLegalEntity', 'RegistrationName') || textAt(party, 'PartyName', 'Name'),
        country: textAt(party, 'PostalAddress', 'Country', 'IdentificationCode'),
        vat: textAt(vat, 'CompanyID'),
        registration: textAt(party, 'PartyLegalEntity', 'CompanyID'),
        peppol: endpoint?.text ? `${endpoint.attributes.schemeID ?? ''}:${endpoint.text}` : '',
        iban: textAt(account, 'ID'),
        bic: textAt(account, 'FinancialInstitutionBranch', 'ID'),
      },
    },
    {
      number: 'cbc:ID',
      issueDate: 'cbc:IssueDate',
      amount: 'cac:LegalMonetaryTotal/cbc:PayableAmount',
      currency: 'cbc:DocumentCurrencyCode',
    },
  );
}
