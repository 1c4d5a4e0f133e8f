/**
 * UN/CEFACT Cross Industry Invoice (D16B) as EN 16931 uses it: Factur-X, ZUGFeRD and XRechnung's
 * CII syntax. Dates are format 102 (CCYYMMDD).
 */
import { child, children, textAt, type XmlElement } from '../xml.ts';
import { CREDIT_NOTE_CODES, checked, dueDateOf, type EInvoice, signed } from './document.ts';

/** A udt:DateTimeString of format 102 as an ISO date; other text as it is (then refused as not a date). */
function date102(el: XmlElement | undefined): string {
  const s = textAt(el, 'DateTimeString');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
}

export function readCii(root: XmlElement): EInvoice {
  const doc = child(root, 'ExchangedDocument');
  const tx = child(root, 'SupplyChainTradeTransaction');
  const agreement = child(tx, 'ApplicableHeaderTradeAgreement');
  const settlement = child(tx, 'ApplicableHeaderTradeSettlement');
  const seller = child(agreement, 'SellerTradeParty');
  const creditNote = CREDIT_NOTE_CODES.has(textAt(doc, 'TypeCode'));
  const issueDate = date102(child(doc, 'IssueDateTime'));
  const terms = child(settlement, 'SpecifiedTradePaymentTerms');
  const means = children(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const vat = children(seller, 'SpecifiedTaxRegistration')
    .map((r) => child(r, 'ID'))
    .find((id) => id?.attributes.schemeID === 'VA');
  const uri = child(seller, 'URIUniversalCommunication', 'URIID');
  const payable = textAt(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation', 'DuePayableAmount');
  return checked(
    {
      syntax: 'CII',
      number: textAt(doc, 'ID'),
      issueDate,
      dueDate: dueDateOf(
        terms && child(terms, 'DueDateDateTime') ? date102(child(terms, 'DueDateDateTime')) : '',
        issueDate,
        textAt(terms, 'Description'),
      ),
      amount: payable ? signed(payable, creditNote) : '',
      currency: textAt(settlement, 'InvoiceCurrencyCode'),
      creditNote,
      corrects: textAt(settlement, 'InvoiceReferencedDocument', 'IssuerAssignedID'),
      buyerReference: textAt(agreement, 'BuyerReference'),
      purchaseOrder: textAt(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
      paymentReference: textAt(settlement, 'PaymentReference'),
      supplier: {
        name: textAt(seller, 'Name'),
        country: textAt(seller, 'PostalTradeAddress', 'CountryID'),
        vat: vat?.text ?? '',
        registration: textAt(seller, 'SpecifiedLegalOrganization', 'ID'),
        peppol: uri?.text ? `${uri.attributes.schemeID ?? ''}:${uri.text}` : '',
        iban: means.map((m) => textAt(m, 'PayeePartyCreditorFinancialAccount', 'IBANID')).find(Boolean) ?? '',
        bic: means.map((m) => textAt(m, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID')).find(Boolean) ?? '',
      },
    },
    {
      number: 'rsm:ExchangedDocument/ram:ID',
      issueDate: 'rsm:ExchangedDocument/ram:IssueDateTime',
      amount: 'ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount',
      currency: 'ram:InvoiceCurrencyCode',
    },
  );
}
