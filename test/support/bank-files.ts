/**
 * Bank files for tests and benchmarks: a camt.053 statement as a bank would send it after paying a
 * pain.001 file (each transfer booked as a debit carrying its end-to-end id), in either version, and
 * xmllint's verdict on a file against the published schemas in ../shared/standards.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatMinor } from '../../src/domain/money.ts';
import { ROOT } from './spawn.ts';

export const STANDARDS = path.resolve(ROOT, '../shared/standards');

/** Validates XML against a schema with xmllint; returns its complaints ('' when valid). */
export function xmllintErrors(xml: string, schema: 'pain.001.001.09.xsd' | 'camt.053.001.08.xsd'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xmllint-'));
  const file = path.join(dir, 'file.xml');
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(STANDARDS, schema), file], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface BookedDebit {
  amount: number;
  currency?: string;
  endToEndId?: string | null;
  creditorName?: string;
  creditorIban?: string;
  remittance?: string;
  bookingDate: string;
  status?: string;
  direction?: 'DBIT' | 'CRDT';
  /** Several payments in one entry (a batch booking). */
  batch?: BookedDebit[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function txXml(d: BookedDebit, version: '02' | '08', withAmount: boolean): string {
  const ccy = d.currency ?? 'EUR';
  const amt = `<Amt Ccy="${ccy}">${formatMinor(d.amount, ccy)}</Amt>`;
  const amount = withAmount ? (version === '08' ? amt : `<AmtDtls><TxAmt>${amt}</TxAmt></AmtDtls>`) : '';
  const name = d.creditorName
    ? version === '08'
      ? `<Cdtr><Pty><Nm>${esc(d.creditorName)}</Nm></Pty></Cdtr>`
      : `<Cdtr><Nm>${esc(d.creditorName)}</Nm></Cdtr>`
    : '';
  const acct = d.creditorIban ? `<CdtrAcct><Id><IBAN>${d.creditorIban}</IBAN></Id></CdtrAcct>` : '';
  const parties = name || acct ? `<RltdPties>${name}${acct}</RltdPties>` : '';
  return (
    `<TxDtls><Refs><EndToEndId>${esc(d.endToEndId ?? 'NOTPROVIDED')}</EndToEndId></Refs>${amount}` +
    `${parties}${d.remittance ? `<RmtInf><Ustrd>${esc(d.remittance)}</Ustrd></RmtInf>` : ''}</TxDtls>`
  );
}

/** A camt.053 statement of `iban` with these entries (version 08 validates against the published schema). */
export function camt053(opts: {
  iban: string;
  statementId: string;
  entries: BookedDebit[];
  version?: '02' | '08';
  messageId?: string;
}): string {
  const v = opts.version ?? '08';
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${v}`;
  const entries = opts.entries
    .map((e, i) => {
      const ccy = e.currency ?? 'EUR';
      const total = e.batch ? e.batch.reduce((a, b) => a + b.amount, 0) : e.amount;
      const sts = v === '08' ? `<Sts><Cd>${e.status ?? 'BOOK'}</Cd></Sts>` : `<Sts>${e.status ?? 'BOOK'}</Sts>`;
      const txs = e.batch ? e.batch.map((b) => txXml({ currency: ccy, ...b }, v, true)).join('') : txXml(e, v, false);
      return (
        `<Ntry><NtryRef>${i + 1}</NtryRef><Amt Ccy="${ccy}">${formatMinor(total, ccy)}</Amt><CdtDbtInd>${e.direction ?? 'DBIT'}</CdtDbtInd>${sts}` +
        `<BookgDt><Dt>${e.bookingDate}</Dt></BookgDt><ValDt><Dt>${e.bookingDate}</Dt></ValDt><AcctSvcrRef>REF-${i + 1}</AcctSvcrRef>` +
        `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
        `<NtryDtls>${e.batch ? `<Btch><NbOfTxs>${e.batch.length}</NbOfTxs></Btch>` : ''}${txs}</NtryDtls></Ntry>`
      );
    })
    .join('\n');
  const day = opts.entries[0]?.bookingDate ?? '2026-01-01';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${ns}"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>${opts.messageId ?? `MSG-${opts.statementId}`}</MsgId><CreDtTm>${day}T18:00:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>${opts.statementId}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>${day}T18:00:00</CreDtTm>` +
    `<Acct><Id><IBAN>${opts.iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
    `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${day}</Dt></Dt></Bal>` +
    `${entries}</Stmt></BkToCstmrStmt></Document>\n`
  );
}

/** The statement a bank sends after paying every transfer of a pain.001 file on `bookingDate`. */
export function statementFromPain001(
  pain: string,
  opts: { iban: string; statementId: string; bookingDate: string; version?: '02' | '08' },
): string {
  const entries: BookedDebit[] = [];
  for (const m of pain.matchAll(/<CdtTrfTxInf>(.*?)<\/CdtTrfTxInf>/gs)) {
    const tx = m[1];
    const get = (re: RegExp) => re.exec(tx)?.[1] ?? '';
    entries.push({
      amount: Math.round(Number(get(/<InstdAmt Ccy="EUR">([\d.]+)</)) * 100),
      endToEndId: get(/<EndToEndId>([^<]+)</),
      creditorName: get(/<Cdtr><Nm>([^<]+)</),
      creditorIban: get(/<CdtrAcct><Id><IBAN>([^<]+)</),
      remittance: get(/<Ustrd>([^<]+)</) || get(/<Ref>([^<]+)</),
      bookingDate: opts.bookingDate,
    });
  }
  return camt053({ iban: opts.iban, statementId: opts.statementId, entries, version: opts.version });
}
