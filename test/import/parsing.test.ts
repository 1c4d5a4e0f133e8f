import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/import/columns.ts';
import { orderEvidence, parseDate } from '../../src/import/dates.ts';
import { decimalEvidence, parseAmount, parseGeneral } from '../../src/import/numbers.ts';
import { FileRejected, sniff } from '../../src/import/source.ts';

describe('amounts', () => {
  it.each([
    ['1.234,56', ',', 123456],
    ['1,234.56', '.', 123456],
    ['1234,56', ',', 123456],
    ['-3.000,00', ',', -300000],
    ['€ 12,50', ',', 1250],
    ['EUR 12.50', '.', 1250],
    ['$1,000', '.', 100000],
    ['(45.00)', '.', -4500],
    ['12,50-', ',', -1250],
    ['1.000.000', ',', 100000000],
    ['0,5', ',', 50],
    ['7', ',', 700],
  ] as const)('%s with decimal mark "%s" is %i minor units', (raw, mark, minor) => {
    expect(parseAmount(raw, mark)).toBe(minor);
  });

  it.each([
    ['abc', ',', 'not an amount'],
    ['1,2,3', ',', 'more than one decimal mark'],
    ['12,345', ',', 'more than 2 decimals'],
    ['1.23.4', ',', 'misplaced thousands separator'],
  ] as const)('refuses %s (%s)', (raw, mark, message) => {
    expect(parseAmount(raw, mark)).toMatch(message);
  });

  it('reads the usual shapes quickly and exactly as the general reading does', () => {
    const noise = fc
      .array(fc.constantFrom('0', '1', '2', '5', '9', '.', ',', '-', "'", ' ', '€', '('), { maxLength: 14 })
      .map((cs) => cs.join(''));
    // Well-formed amounts, grouped or not, in either convention, with fractions of 0 to 4 digits.
    const shaped = fc
      .tuple(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        fc.boolean(),
        fc.constantFrom('.', ','),
        fc.option(fc.stringMatching(/^\d{0,4}$/)),
      )
      .map(([minus, n, grouped, sep, frac]) => {
        const int = grouped ? n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, sep === ',' ? '.' : ',') : n.toString();
        return `${minus ? '-' : ''}${int}${frac === null ? '' : `${sep}${frac}`}`;
      });
    const amount = fc.oneof(noise, shaped);
    fc.assert(
      fc.property(amount, fc.constantFrom(',', '.'), fc.constantFrom(0, 2, 3), (raw, mark, exponent) => {
        expect(parseAmount(raw, mark, exponent)).toEqual(parseGeneral(raw, mark, exponent));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps three decimals for currencies that have them, none for yen', () => {
    expect(parseAmount('1,234', ',', 3)).toBe(1234);
    expect(parseAmount('1.234', ',', 0)).toBe(1234);
  });

  it.each([
    ['1.234,56', ','],
    ['1,234.56', '.'],
    ['12,5', ','],
    ['1.000.000', ','],
    ['1,234', null],
    ['100', null],
  ])('%s tells the decimal mark is %s', (raw, mark) => {
    expect(decimalEvidence(raw)).toBe(mark);
  });
});

describe('dates', () => {
  it.each([
    ['2025-03-01', 'DMY', '2025-03-01'],
    ['2025-03-01T00:00:00Z', 'DMY', '2025-03-01'],
    ['2025-03-01 13:45:00', 'DMY', '2025-03-01'],
    ['20250301', 'DMY', '2025-03-01'],
    ['01-03-2025', 'DMY', '2025-03-01'],
    ['01/03/2025', 'MDY', '2025-01-03'],
    ['1-3-25', 'DMY', '2025-03-01'],
    ['1.3.2025', 'DMY', '2025-03-01'],
    ['3 mrt 2025', 'DMY', '2025-03-03'],
    ['3 maart 2025', 'DMY', '2025-03-03'],
    ['3 Mar 2025', 'DMY', '2025-03-03'],
    ['3-okt-2025', 'DMY', '2025-10-03'],
    ['March 3, 2025', 'DMY', '2025-03-03'],
    ['29-02-2024', 'DMY', '2024-02-29'],
  ] as const)('%s (%s) is %s', (raw, order, iso) => {
    expect(parseDate(raw, order)).toBe(iso);
  });

  it.each([
    ['29-02-2025', 'no such date'],
    ['31-04-2025', 'no such date'],
    ['13/13/2025', 'month 13 does not exist'],
    ['3 foo 2025', 'unknown month name'],
    ['yesterday', 'not a date'],
    ['', 'not a date'],
  ])('refuses %s: %s', (raw, message) => {
    const r = parseDate(raw, 'DMY');
    expect(typeof r).toBe('object');
    expect((r as { error: string }).error).toMatch(message);
  });

  it('learns day/month order only from values that prove it', () => {
    expect(orderEvidence('13-01-2025')).toBe('DMY');
    expect(orderEvidence('01/13/2025')).toBe('MDY');
    expect(orderEvidence('01-02-2025')).toBeNull();
    expect(orderEvidence('2025-01-13')).toBeNull();
  });
});

describe('columns', () => {
  it('maps Dutch and English headers case-, space- and punctuation-insensitively', () => {
    const m = mapColumns('invoices', [
      'Crediteur',
      'Factuur-nummer',
      'FACTUURDATUM',
      'Verval datum',
      'Bedrag (incl. BTW)',
      'valuta',
      'Kostenplaats',
    ]);
    expect([...m.fields.values()]).toEqual(['supplierId', 'invoiceNumber', 'issueDate', 'dueDate', 'amount', 'currency']);
    expect(m.unknown).toEqual(['Kostenplaats']);
    expect(m.missing).toEqual([]);
  });

  it('lets a user mapping override and reports missing required columns', () => {
    const m = mapColumns('invoices', ['Lev', 'Nr', 'Datum', 'Totaal'], { Lev: 'supplierId', Nr: 'invoiceNumber' });
    expect(m.missing).toEqual([]);
    expect(mapColumns('invoices', ['Lev', 'Nr']).missing).toEqual(['supplierId', 'invoiceNumber', 'issueDate', 'amount']);
  });
});

describe('file sniffing', () => {
  it('chooses the delimiter from the header line', () => {
    expect(sniff(Buffer.from('a;b;c\n1;2,5;3')).delimiter).toBe(';');
    expect(sniff(Buffer.from('a\tb\tc\n')).delimiter).toBe('\t');
    expect(sniff(Buffer.from('"x;y",b,c\n')).delimiter).toBe(',');
  });

  it('refuses binary and delimiter-less files', () => {
    expect(() => sniff(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(FileRejected);
    expect(() => sniff(Buffer.from('just one column\n'))).toThrow(/no comma, semicolon or tab/);
    expect(() => sniff(Buffer.alloc(0))).toThrow(/empty/);
  });
});
