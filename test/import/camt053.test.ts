/** Reading camt.053 statements: both versions in wide use, batch bookings, and every kind of bad file. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCamt053, StatementError } from '../../src/import/bank-statements/camt053.ts';
import { camt053 } from '../support/bank-files.ts';

const IBAN = 'NL91ABNA0417164300';
const read = (xml: string) => readCamt053(Readable.from([Buffer.from(xml)]));
const entries = [
  {
    amount: 123_456,
    endToEndId: 'T1-1',
    creditorName: 'Bakkerij Jansen',
    creditorIban: 'NL02RABO0123456789',
    remittance: 'Invoices J-101',
    bookingDate: '2026-12-08',
  },
  { amount: 5_000, bookingDate: '2026-12-08', direction: 'CRDT' as const, remittance: 'refund' },
  {
    amount: 0,
    bookingDate: '2026-12-09',
    batch: [
      { amount: 200, endToEndId: 'T1-2', bookingDate: '2026-12-09' },
      { amount: 300, creditorIban: 'NL02RABO0123456789', remittance: 'F-9', bookingDate: '2026-12-09' },
    ],
  },
];

async function rejection(xml: string): Promise<string> {
  try {
    await read(xml);
  } catch (e) {
    expect(e).toBeInstanceOf(StatementError);
    return (e as Error).message;
  }
  throw new Error('expected the statement to be refused');
}

describe('camt.053', () => {
  for (const version of ['02', '08'] as const)
    it(`reads version 001.${version}: account, entries, their transactions, amounts in cents`, async () => {
      const f = await read(camt053({ iban: IBAN, statementId: 'STMT-7', entries, version }));
      expect(f.version).toBe(`001.${version}`);
      expect(f.messageId).toBe('MSG-STMT-7');
      expect(f.statements).toHaveLength(1);
      const s = f.statements[0];
      expect(s).toMatchObject({ id: 'STMT-7', iban: IBAN });
      expect(s.entries).toHaveLength(3);
      expect(s.entries[0]).toMatchObject({
        at: 'Stmt[1]/Ntry[1]',
        amount: 123_456,
        currency: 'EUR',
        direction: 'DBIT',
        status: 'BOOK',
        bookingDate: '2026-12-08',
        reference: 'REF-1',
      });
      expect(s.entries[0].transactions).toEqual([
        {
          amount: 123_456,
          currency: 'EUR',
          endToEndId: 'T1-1',
          creditorIban: 'NL02RABO0123456789',
          creditorName: 'Bakkerij Jansen',
          remittance: 'Invoices J-101',
          creditorReference: null,
        },
      ]);
      expect(s.entries[1].direction).toBe('CRDT');
      // A batch booking: one entry of 5.00, two payments with their own amounts; NOTPROVIDED is no id.
      expect(s.entries[2].amount).toBe(500);
      expect(s.entries[2].transactions.map((t) => [t.amount, t.endToEndId, t.remittance])).toEqual([
        [200, 'T1-2', ''],
        [300, null, 'F-9'],
      ]);
    });

  it('names the element of what is wrong', async () => {
    const ok = camt053({ iban: IBAN, statementId: 'S', entries: entries.slice(0, 1) });
    expect(await rejection(ok.replace('1234.56', '1234.567'))).toMatch(
      /^Stmt\[1\]\/Ntry\[1\]\/Amt: 1234\.567 is not an amount in EUR \(EUR has 2 decimals\)/,
    );
    expect(await rejection(ok.replace('<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>X</CdtDbtInd>'))).toMatch(
      /^Stmt\[1\]\/Ntry\[1\]\/.*CdtDbtInd is "X"/,
    );
    expect(await rejection(ok.replace(/<BookgDt>.*?<\/BookgDt>/, ''))).toMatch(/Ntry\[1\].*no booking date/);
    expect(await rejection(ok.replace('camt.053.001.08', 'pain.001.001.09'))).toMatch(
      /namespace "urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09" is not camt\.053/,
    );
    expect(await rejection(ok.replace(/<Acct>.*?<\/Acct>/, ''))).toMatch(/names no account IBAN/);
    expect(await rejection(ok.slice(0, 300))).toMatch(/^not well-formed XML/);
    expect(await rejection('')).toMatch(/^not well-formed XML: .*root element/);
  });

  it('never resolves an entity: an external entity (XXE) and a billion laughs are refused, not expanded', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>&x;</MsgId></GrpHdr></BkToCstmrStmt></Document>`;
    expect(await rejection(xxe)).toMatch(/DTDs and entities are refused/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&lol3;</Document>`;
    expect(await rejection(laughs)).toMatch(/DTDs and entities are refused/);
    // Without a DOCTYPE, an undeclared entity is an error too, never text.
    const undeclared = camt053({ iban: IBAN, statementId: 'S', entries: entries.slice(0, 1) }).replace('MSG-S', '&x;');
    expect(await rejection(undeclared)).toMatch(/^not well-formed XML: .*undefined entity/i);
  });
});
