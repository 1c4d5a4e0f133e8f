/**
 * A SEPA credit-transfer file for the bank: ISO 20022 `pain.001.001.09` as the European Payments
 * Council's customer-to-bank implementation guidelines (EPC132-08, 2023) restrict it. One payment
 * information block per account debited (one debit of it on one day: the organisation's, or in a
 * group each paying entity's), one transaction per transfer, amounts in EUR with two decimals, texts
 * in the SEPA character set.
 *
 * Everything is checked before a byte is written: a file the bank rejects is worse than an error
 * here that names the field.
 */
import type { CalendarDate } from '../dates.ts';
import { isValidBic, isValidIban, normalizeIban } from '../iban.ts';
import { formatMinor, type Minor } from '../money.ts';
import { isCreditorReference, normalizeReference } from './creditor-reference.ts';
import { isSepaId, sepaText } from './text.ts';

/** The EPC's largest amount of one SEPA credit transfer: 999,999,999.99. */
export const MAX_TRANSFER_MINOR = 99_999_999_999;
const NAME_MAX = 70;
export const REMITTANCE_MAX = 140;

export type Remittance = { text: string } | { creditorReference: string };

export interface CreditTransfer {
  /** Unique per transfer; the bank statement carries it back, which is how a payment is matched. */
  endToEndId: string;
  /** EUR cents. */
  amount: Minor;
  creditorName: string;
  creditorIban: string;
  creditorBic?: string | null;
  remittance: Remittance;
  /** The account it leaves from, when not the file's `debtor` (an entity of a group paying from its own). */
  debtor?: Debtor;
}

export interface Debtor {
  name: string;
  iban: string;
  bic?: string | null;
}

export interface CreditTransferFile {
  /** Unique per file (a bank refuses a message id it has seen). */
  messageId: string;
  /** When the file was made, local time with its offset (ISO 8601). */
  createdAt: string;
  executionDate: CalendarDate;
  /** The initiating party, and the account of every transfer that names none of its own. */
  debtor: Debtor;
  transfers: CreditTransfer[];
}

export class SepaError extends Error {}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw new SepaError(`${field}: ${message}`);
}

function agent(bic: string | null | undefined, field: string): string {
  if (!bic) return '';
  check(isValidBic(bic), field, `${bic} is not a BIC (8 or 11 letters and digits)`);
  return `<FinInstnId><BICFI>${bic.trim().toUpperCase()}</BICFI></FinInstnId>`;
}

function remittanceXml(r: Remittance, field: string): string {
  if ('creditorReference' in r) {
    check(isCreditorReference(r.creditorReference), field, `${r.creditorReference} is not an RF creditor reference (ISO 11649)`);
    const ref = normalizeReference(r.creditorReference);
    return `<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${ref}</Ref></CdtrRefInf></Strd></RmtInf>`;
  }
  const text = sepaText(r.text, REMITTANCE_MAX);
  check(text.length > 0, field, 'the remittance text is empty');
  return `<RmtInf><Ustrd>${escapeXml(text)}</Ustrd></RmtInf>`;
}

function transferXml(t: CreditTransfer, i: number): string {
  const at = `transfers[${i}]`;
  check(isSepaId(t.endToEndId), `${at}.endToEndId`, `${t.endToEndId} is not a SEPA identifier (1-35 characters, no spaces)`);
  check(Number.isSafeInteger(t.amount) && t.amount > 0, `${at}.amount`, `must be a positive number of cents, got ${t.amount}`);
  check(t.amount <= MAX_TRANSFER_MINOR, `${at}.amount`, `${formatMinor(t.amount, 'EUR')} is more than one SEPA transfer may carry`);
  check(isValidIban(t.creditorIban), `${at}.creditorIban`, `${t.creditorIban} is not a valid IBAN`);
  const name = sepaText(t.creditorName, NAME_MAX);
  check(name.length > 0, `${at}.creditorName`, 'the creditor has no name in the SEPA character set');
  return (
    `<CdtTrfTxInf><PmtId><EndToEndId>${escapeXml(t.endToEndId)}</EndToEndId></PmtId>` +
    `<Amt><InstdAmt Ccy="EUR">${formatMinor(t.amount, 'EUR')}</InstdAmt></Amt>` +
    (t.creditorBic ? `<CdtrAgt>${agent(t.creditorBic, `${at}.creditorBic`)}</CdtrAgt>` : '') +
    `<Cdtr><Nm>${escapeXml(name)}</Nm></Cdtr>` +
    `<CdtrAcct><Id><IBAN>${normalizeIban(t.creditorIban)}</IBAN></Id></CdtrAcct>` +
    `${remittanceXml(t.remittance, `${at}.remittance`)}</CdtTrfTxInf>`
  );
}

/** A debtor's name in the SEPA set and its agent, checked; `field` names it in an error. */
function debtorParts(d: Debtor, field: string): { name: string; iban: string; agent: string } {
  check(isValidIban(d.iban), `${field}.iban`, `${d.iban || '(none)'} is not a valid IBAN`);
  const name = sepaText(d.name, NAME_MAX);
  check(name.length > 0, `${field}.name`, 'the debtor has no name in the SEPA character set');
  // Without the debtor's BIC the EPC asks for NOTPROVIDED.
  const agentXml = d.bic ? agent(d.bic, `${field}.bic`) : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';
  return { name, iban: normalizeIban(d.iban), agent: agentXml };
}

/** The file's XML (UTF-8). Throws SepaError naming the field of the first thing a bank would refuse. */
export function pain001(f: CreditTransferFile): string {
  check(isSepaId(f.messageId), 'messageId', `${f.messageId} is not a SEPA identifier`);
  check(f.transfers.length > 0, 'transfers', 'a credit-transfer file needs at least one transfer');
  const initiator = debtorParts(f.debtor, 'debtor');
  check(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(f.createdAt),
    'createdAt',
    `${f.createdAt} is not an ISO date-time`,
  );
  const ids = new Set<string>();
  let sum = 0;
  // One block per account debited, in the order of each account's first transfer.
  const blocks = new Map<string, { debtor: ReturnType<typeof debtorParts>; body: string[]; sum: number }>();
  f.transfers.forEach((t, i) => {
    check(!ids.has(t.endToEndId), `transfers[${i}].endToEndId`, `${t.endToEndId} is used twice`);
    ids.add(t.endToEndId);
    const debtor = t.debtor ? debtorParts(t.debtor, `transfers[${i}].debtor`) : initiator;
    const block = blocks.get(debtor.iban) ?? { debtor, body: [], sum: 0 };
    blocks.set(debtor.iban, block);
    block.body.push(transferXml(t, i));
    block.sum += t.amount;
    sum += t.amount;
  });
  const n = f.transfers.length;
  const total = formatMinor(sum, 'EUR');
  const payments = [...blocks.values()].map(
    (b, k) =>
      `<PmtInf><PmtInfId>${escapeXml(k === 0 ? f.messageId : `${f.messageId}-${k + 1}`)}</PmtInfId><PmtMtd>TRF</PmtMtd>` +
      `<NbOfTxs>${b.body.length}</NbOfTxs><CtrlSum>${formatMinor(b.sum, 'EUR')}</CtrlSum>` +
      '<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>' +
      `<ReqdExctnDt><Dt>${f.executionDate}</Dt></ReqdExctnDt>` +
      `<Dbtr><Nm>${escapeXml(b.debtor.name)}</Nm></Dbtr>` +
      `<DbtrAcct><Id><IBAN>${b.debtor.iban}</IBAN></Id></DbtrAcct>` +
      `<DbtrAgt>${b.debtor.agent}</DbtrAgt><ChrgBr>SLEV</ChrgBr>` +
      `${b.body.join('\n')}</PmtInf>`,
  );
  check(
    payments.length === 1 || isSepaId(`${f.messageId}-${payments.length}`),
    'messageId',
    `${f.messageId} is too long to number ${payments.length} debtor accounts' blocks after it`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<CstmrCdtTrfInitn>' +
    `<GrpHdr><MsgId>${escapeXml(f.messageId)}</MsgId><CreDtTm>${f.createdAt}</CreDtTm><NbOfTxs>${n}</NbOfTxs><CtrlSum>${total}</CtrlSum>` +
    `<InitgPty><Nm>${escapeXml(initiator.name)}</Nm></InitgPty></GrpHdr>` +
    `${payments.join('')}</CstmrCdtTrfInitn></Document>\n`
  );
}
