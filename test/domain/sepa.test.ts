/** SEPA text, creditor references and the credit-transfer file, checked against the EPC's published schema. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { creditorReferenceOf, isCreditorReference } from '../../src/domain/sepa/creditor-reference.ts';
import { type CreditTransferFile, pain001, SepaError } from '../../src/domain/sepa/pain001.ts';
import { isSepaId, isSepaText, sepaText } from '../../src/domain/sepa/text.ts';
import { xmllintErrors } from '../support/bank-files.ts';

const DEBTOR = ibanOf('NL', 'ABNA0417164300');
const file = (over: Partial<CreditTransferFile> = {}): CreditTransferFile => ({
  messageId: 'TIJDIG-0123456789abcdef01234567',
  createdAt: '2026-12-07T10:15:00+01:00',
  executionDate: '2026-12-08',
  debtor: { name: 'Gemeente Voorbeeld', iban: DEBTOR },
  transfers: [
    {
      endToEndId: 'T0123456789abcdef01234567-1',
      amount: 123_456,
      creditorName: 'Bakkerij Müller & Zonen',
      creditorIban: ibanOf('NL', 'RABO0123456789'),
      remittance: { text: 'Invoices F-1 F-2' },
    },
    {
      endToEndId: 'T0123456789abcdef01234567-2',
      amount: 4_000,
      creditorName: 'Straße Ltd',
      creditorIban: ibanOf('DE', '370400440532013000'),
      creditorBic: 'COBADEFFXXX',
      remittance: { creditorReference: 'RF18 5390 0754 7034' },
    },
  ],
  ...over,
});

describe('SEPA text', () => {
  it('reduces any text to the SEPA character set: accents dropped, a few letters spelled out, the rest a space', () => {
    expect(sepaText('Bakkerij Müller & Zonen — "Ølstrup"', 70)).toBe('Bakkerij Muller + Zonen - Olstrup');
    expect(sepaText('Straße Ærø <b>', 70)).toBe('Strasse AEro b');
    expect(sepaText('x'.repeat(200), 140)).toHaveLength(140);
  });

  it('always gives text within the set and the length, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 140 }), (s, max) => {
        const out = sepaText(s, max);
        expect(isSepaText(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('knows a SEPA identifier: no spaces, at most 35, no leading, trailing or double slash', () => {
    expect(isSepaId('T6b16-1')).toBe(true);
    for (const bad of ['', 'a b', '/x', 'x/', 'a//b', 'x'.repeat(36), 'é']) expect(isSepaId(bad)).toBe(false);
  });
});

describe('RF creditor references (ISO 11649)', () => {
  it('checks the check digits as ISO 11649 publishes them, and makes them', () => {
    expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(isCreditorReference('RF19 5390 0754 7034')).toBe(false);
    expect(isCreditorReference('RF18')).toBe(false);
    expect(creditorReferenceOf('539007547034')).toBe('RF18539007547034');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), (body) => {
        expect(isCreditorReference(creditorReferenceOf(body))).toBe(true);
      }),
    );
  });
});

describe('pain.001.001.09', () => {
  it('writes a file the EPC schema accepts, with the right counts, sums, ids and texts', () => {
    const xml = pain001(file());
    expect(xmllintErrors(xml, 'pain.001.001.09.xsd')).toBe('');
    expect(xml.match(/<NbOfTxs>2<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>1274\.56<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain('<EndToEndId>T0123456789abcdef01234567-1</EndToEndId>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">1234.56</InstdAmt>');
    expect(xml).toContain('<Nm>Bakkerij Muller + Zonen</Nm>');
    expect(xml).toContain('<Ustrd>Invoices F-1 F-2</Ustrd>');
    expect(xml).toContain('<Ref>RF18539007547034</Ref>');
    expect(xml).toContain('<ReqdExctnDt><Dt>2026-12-08</Dt></ReqdExctnDt>');
    // Without the debtor's BIC the EPC asks for NOTPROVIDED.
    expect(xml).toContain('<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>');
    expect(xml).toContain('<CdtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></CdtrAgt>');
  });

  it("debits each account in a block of its own: a group's entity paying from its own account", () => {
    const [a, b] = file().transfers;
    const entity = { name: 'Tijdig Groep B.V.', iban: ibanOf('NL', 'INGB0001234567'), bic: 'INGBNL2A' };
    const xml = pain001(file({ transfers: [a, { ...b, debtor: entity }] }));
    expect(xmllintErrors(xml, 'pain.001.001.09.xsd')).toBe('');
    const blocks = xml.match(/<PmtInf>.*?<\/PmtInf>/gs) ?? [];
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain(`<DbtrAcct><Id><IBAN>${DEBTOR}</IBAN></Id></DbtrAcct>`);
    expect(blocks[0]).toContain('<NbOfTxs>1</NbOfTxs><CtrlSum>1234.56</CtrlSum>');
    expect(blocks[1]).toContain('<PmtInfId>TIJDIG-0123456789abcdef01234567-2</PmtInfId>');
    expect(blocks[1]).toContain(`<Dbtr><Nm>Tijdig Groep B.V.</Nm></Dbtr><DbtrAcct><Id><IBAN>${entity.iban}</IBAN></Id></DbtrAcct>`);
    expect(blocks[1]).toContain('<DbtrAgt><FinInstnId><BICFI>INGBNL2A</BICFI></FinInstnId></DbtrAgt>');
    expect(blocks[1]).toContain('<NbOfTxs>1</NbOfTxs><CtrlSum>40.00</CtrlSum>');
    // The group header counts the whole file.
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs><CtrlSum>1274.56</CtrlSum><InitgPty><Nm>Gemeente Voorbeeld</Nm>');
    expect(() => pain001(file({ transfers: [{ ...a, debtor: { ...entity, iban: 'NL00INGB0001234567' } }] }))).toThrow(
      /^transfers\[0\]\.debtor\.iban: NL00INGB0001234567 is not a valid IBAN/,
    );
  });

  it('stays valid for any names, texts and amounts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.string({ minLength: 1, maxLength: 120 }),
            text: fc.string({ maxLength: 300 }),
            amount: fc.integer({ min: 1, max: 99_999_999_999 }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (txs) => {
          const named = txs.filter((t) => sepaText(t.name, 70) && sepaText(t.text, 140));
          if (named.length === 0) return;
          const xml = pain001(
            file({
              transfers: named.map((t, i) => ({
                endToEndId: `E-${i}`,
                amount: t.amount,
                creditorName: t.name,
                creditorIban: ibanOf('NL', 'RABO0123456789'),
                remittance: { text: t.text },
              })),
            }),
          );
          expect(xmllintErrors(xml, 'pain.001.001.09.xsd')).toBe('');
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses what a bank would, naming the field', () => {
    const bad = (over: Partial<CreditTransferFile>, message: RegExp) => {
      expect(() => pain001(file(over))).toThrow(SepaError);
      expect(() => pain001(file(over))).toThrow(message);
    };
    const [a, b] = file().transfers;
    bad({ debtor: { name: 'X', iban: 'NL91ABNA0417164301' } }, /^debtor\.iban: NL91ABNA0417164301 is not a valid IBAN/);
    bad({ transfers: [{ ...a, creditorIban: 'NL00RABO0123456789' }] }, /^transfers\[0\]\.creditorIban/);
    bad({ transfers: [{ ...a, amount: 0 }] }, /^transfers\[0\]\.amount: must be a positive number of cents/);
    bad(
      { transfers: [{ ...a, amount: 100_000_000_000 }] },
      /^transfers\[0\]\.amount: 1000000000\.00 is more than one SEPA transfer may carry/,
    );
    bad({ transfers: [a, { ...b, endToEndId: a.endToEndId }] }, /^transfers\[1\]\.endToEndId: .* is used twice/);
    bad({ transfers: [{ ...a, endToEndId: 'has space' }] }, /^transfers\[0\]\.endToEndId/);
    bad(
      { transfers: [{ ...b, remittance: { creditorReference: 'RF19539007547034' } }] },
      /^transfers\[0\]\.remittance: RF19539007547034 is not an RF creditor reference/,
    );
    bad({ transfers: [{ ...a, creditorBic: 'NOTABIC' }] }, /^transfers\[0\]\.creditorBic/);
    bad({ transfers: [] }, /^transfers: a credit-transfer file needs at least one transfer/);
  });
});
