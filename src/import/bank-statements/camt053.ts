/**
 * Bank statements as banks send them at the end of the day: ISO 20022 `camt.053`, versions
 * 001.02 and 001.08 (the two in wide use). Streamed, so a statement of many thousands of entries
 * is read in one pass; nothing but the fields tijdig matches payments on is kept.
 *
 * The two versions differ where it matters here: a transaction's own amount is `TxDtls/Amt` in 08
 * and `TxDtls/AmtDtls/TxAmt/Amt` in 02; the creditor's name is `Cdtr/Pty/Nm` in 08 and `Cdtr/Nm` in 02;
 * an entry's status is `Sts/Cd` in 08 and `Sts` in 02.
 */
import type { Readable } from 'node:stream';
import type { CalendarDate } from '../../domain/dates.ts';
import { decimalToScaled, exponentOf, type Minor } from '../../domain/money.ts';
import { parseXml } from '../xml.ts';

export const CAMT053_VERSIONS = {
  'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02': '001.02',
  'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08': '001.08',
} as const;
export type Camt053Version = (typeof CAMT053_VERSIONS)[keyof typeof CAMT053_VERSIONS];

export interface BankTransaction {
  amount: Minor;
  currency: string;
  endToEndId: string | null;
  creditorIban: string | null;
  creditorName: string | null;
  /** The unstructured remittance lines, joined with a space. */
  remittance: string;
  creditorReference: string | null;
}

export interface StatementEntry {
  /** Where it is in the file, for messages: "Stmt[1]/Ntry[12]". */
  at: string;
  /** The bank's own reference of the entry (AcctSvcrRef), when it gives one. */
  reference: string | null;
  amount: Minor;
  currency: string;
  direction: 'DBIT' | 'CRDT';
  /** BOOK for booked; PDNG and INFO entries are not payments yet. */
  status: string;
  bookingDate: CalendarDate;
  /** One per payment in the entry (a batch booking has several); one made from the entry when it lists none. */
  transactions: BankTransaction[];
}

export interface Statement {
  id: string;
  /** The account the statement is of. */
  iban: string;
  entries: StatementEntry[];
}

export interface BankStatementFile {
  version: Camt053Version;
  messageId: string;
  statements: Statement[];
}

export class StatementError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}/;

/** Reads a camt.053 file; throws StatementError naming the element of the first thing wrong. */
export async function readCamt053(input: Readable): Promise<BankStatementFile> {
  const path: string[] = [];
  let text = '';
  let version: Camt053Version | null = null;
  let messageId = '';
  const statements: Statement[] = [];
  let stmt: Statement | null = null;
  let entry:
    | (Omit<StatementEntry, 'amount' | 'bookingDate' | 'direction'> & { amount?: Minor; bookingDate?: string; direction?: string })
    | null = null;
  let tx: (Partial<BankTransaction> & { remittanceLines: string[] }) | null = null;
  let currency = '';

  const where = () => (entry ? `${entry.at}/${path.slice(path.lastIndexOf('Ntry') + 1).join('/')}` : path.join('/'));
  const fail = (message: string): never => {
    throw new StatementError(`${where()}: ${message}`);
  };
  const parent = (n = 1) => path[path.length - 1 - n];
  const money = (value: string, ccy: string): Minor => {
    if (!/^[A-Z]{3}$/.test(ccy)) fail(`the currency "${ccy}" is not an ISO 4217 code`);
    try {
      const v = decimalToScaled(value, exponentOf(ccy));
      if (v < 0n) fail(`an amount is never negative in a statement, got ${value}`);
      return Number(v);
    } catch (e) {
      if (e instanceof StatementError) throw e;
      return fail(`${value} is not an amount in ${ccy} (${ccy} has ${exponentOf(ccy)} decimals)`);
    }
  };

  const handlers = {
    doctype: () => fail('a statement has no document type declaration (DTDs and entities are refused)'),
    open(name: string, attrs: Record<string, string>) {
      path.push(name);
      text = '';
      if (path.length === 1) {
        if (name !== 'Document') fail(`the root element is ${name}, not Document`);
        const ns = attrs.xmlns ?? Object.entries(attrs).find(([k]) => k.startsWith('xmlns:'))?.[1] ?? '';
        version = CAMT053_VERSIONS[ns as keyof typeof CAMT053_VERSIONS] ?? null;
        if (!version) fail(`the namespace "${ns}" is not camt.053.001.02 or camt.053.001.08`);
        return;
      }
      if (name === 'Amt' || name === 'Bal') currency = attrs.Ccy ?? '';
      if (name === 'Stmt') {
        stmt = { id: '', iban: '', entries: [] };
        statements.push(stmt);
      } else if (name === 'Ntry' && stmt) {
        entry = {
          at: `Stmt[${statements.length}]/Ntry[${stmt.entries.length + 1}]`,
          reference: null,
          currency: '',
          status: '',
          transactions: [],
        };
      } else if (name === 'TxDtls' && entry) tx = { remittanceLines: [] };
    },
    text(t: string) {
      text += t;
    },
    close(name: string) {
      const value = text.trim();
      text = '';
      const up = parent();
      if (name === 'MsgId' && up === 'GrpHdr') messageId = value;
      else if (stmt && !entry) {
        if (name === 'Id' && up === 'Stmt') stmt.id = value;
        else if (name === 'IBAN' && up === 'Id' && parent(2) === 'Acct') stmt.iban = value;
      } else if (entry && !tx) {
        if (name === 'Amt' && up === 'Ntry') {
          entry.amount = money(value, currency);
          entry.currency = currency;
        } else if (name === 'CdtDbtInd' && up === 'Ntry') entry.direction = value;
        else if ((name === 'Sts' && up === 'Ntry' && value) || (name === 'Cd' && up === 'Sts' && parent(2) === 'Ntry'))
          entry.status = value;
        else if ((name === 'Dt' || name === 'DtTm') && up === 'BookgDt') entry.bookingDate = value.slice(0, 10);
        else if (name === 'AcctSvcrRef' && up === 'Ntry') entry.reference = value;
      } else if (tx) {
        if (name === 'EndToEndId' && up === 'Refs') tx.endToEndId = value === 'NOTPROVIDED' ? null : value;
        else if (name === 'Amt' && (up === 'TxDtls' || (up === 'TxAmt' && parent(2) === 'AmtDtls'))) {
          tx.amount = money(value, currency);
          tx.currency = currency;
        } else if (name === 'IBAN' && up === 'Id' && parent(2) === 'CdtrAcct') tx.creditorIban = value;
        else if (name === 'Nm' && (up === 'Cdtr' || (up === 'Pty' && parent(2) === 'Cdtr'))) tx.creditorName = value;
        else if (name === 'Ustrd' && up === 'RmtInf') tx.remittanceLines.push(value);
        else if (name === 'Ref' && up === 'CdtrRefInf') tx.creditorReference = value;
      }
      if (name === 'TxDtls' && entry && tx) {
        entry.transactions.push({
          amount: tx.amount ?? -1,
          currency: tx.currency ?? '',
          endToEndId: tx.endToEndId ?? null,
          creditorIban: tx.creditorIban ?? null,
          creditorName: tx.creditorName ?? null,
          remittance: tx.remittanceLines.join(' '),
          creditorReference: tx.creditorReference ?? null,
        });
        tx = null;
      } else if (name === 'Ntry' && entry && stmt) {
        stmt.entries.push(finishEntry(entry));
        entry = null;
      } else if (name === 'Stmt' && stmt) {
        if (!stmt.id) fail('the statement has no Id');
        if (!stmt.iban) fail('the statement names no account IBAN (Acct/Id/IBAN)');
        stmt = null;
      }
      path.pop();
    },
  };

  const finishEntry = (e: NonNullable<typeof entry>): StatementEntry => {
    if (e.amount === undefined) fail('the entry has no amount (Amt)');
    if (e.direction !== 'DBIT' && e.direction !== 'CRDT') fail(`CdtDbtInd is "${e.direction ?? ''}", not DBIT or CRDT`);
    if (!e.bookingDate || !DATE.test(e.bookingDate)) fail('the entry has no booking date (BookgDt/Dt)');
    const amount = e.amount as Minor;
    const transactions = e.transactions.length
      ? e.transactions.map((t) => (t.amount < 0 ? { ...t, amount, currency: e.currency } : t))
      : [
          {
            amount,
            currency: e.currency,
            endToEndId: null,
            creditorIban: null,
            creditorName: null,
            remittance: '',
            creditorReference: null,
          },
        ];
    if (transactions.length > 1 && transactions.some((t) => t.currency !== e.currency))
      fail('a transaction of a batch booking is in another currency than its entry');
    return { ...e, amount, bookingDate: e.bookingDate as CalendarDate, direction: e.direction as 'DBIT' | 'CRDT', transactions };
  };

  try {
    for await (const _ of parseXml(input, handlers));
  } catch (e) {
    if (e instanceof StatementError) throw e;
    throw new StatementError(`not well-formed XML: ${(e as Error).message}`);
  }
  if (!version) throw new StatementError('the file is empty');
  if (!messageId) throw new StatementError('GrpHdr/MsgId is missing');
  if (statements.length === 0) throw new StatementError('the file holds no statement (Stmt)');
  return { version, messageId, statements };
}
