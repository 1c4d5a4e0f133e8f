/** A payment run's transfers, its life (four eyes), the interest it pays, and statements matched to it. */
import { describe, expect, it } from 'vitest';
import { resolveInvoice } from '../../src/domain/invoice.ts';
import { interestOwed } from '../../src/domain/payment-runs/interest-owed.ts';
import {
  approvalRefusal,
  cancelRefusal,
  contentHash,
  exportRefusal,
  stateAfterConfirmations,
} from '../../src/domain/payment-runs/run-state.ts';
import {
  type Debit,
  type ExportedTransfer,
  matchDebits,
  names,
  type OpenInvoice,
} from '../../src/domain/payment-runs/statement-matching.ts';
import { remittanceText, runTransfers } from '../../src/domain/payment-runs/transfers.ts';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import { isSepaId } from '../../src/domain/sepa/text.ts';

const WORDS = { invoices: 'Invoices', interest: 'Late-payment interest, invoices' };
const pay = (supplierId: string, invoiceNumber: string, amount: number, extra = {}) => ({
  supplierId,
  name: `Supplier ${supplierId}`,
  iban: 'NL91ABNA0417164300',
  invoiceNumber,
  currency: 'EUR',
  amount,
  ...extra,
});

describe('transfers', () => {
  it('pays each supplier in one transfer naming its invoices, interest in one of its own after them', () => {
    const t = runTransfers(
      '6b16aa0000000000000000aa',
      [pay('A', 'F-1', 1000), pay('B', 'X-9', 500), pay('A', 'F-2', 250)],
      'supplier',
      [{ supplierId: 'A', invoiceNumber: 'F-1', interest: 312, compensation: 4000 }],
      WORDS,
    );
    expect(t.map((x) => [x.endToEndId, x.kind, x.supplierId, x.amount, x.invoiceNumbers])).toEqual([
      ['T6b16aa0000000000000000aa-1', 'invoices', 'A', 1250, ['F-1', 'F-2']],
      ['T6b16aa0000000000000000aa-2', 'interest', 'A', 4312, ['F-1']],
      ['T6b16aa0000000000000000aa-3', 'invoices', 'B', 500, ['X-9']],
    ]);
    expect(t[0].remittance).toEqual({ text: 'Invoices F-1 F-2' });
    expect(t[1].remittance).toEqual({ text: 'Late-payment interest, invoices F-1' });
    for (const x of t) expect(isSepaId(x.endToEndId)).toBe(true);
  });

  it('per invoice when the organisation says so; an RF reference goes structured', () => {
    const t = runTransfers(
      'r1',
      [pay('A', 'F-1', 1000, { paymentReference: 'RF18 5390 0754 7034' }), pay('A', 'F-2', 250)],
      'invoice',
      [],
      WORDS,
    );
    expect(t.map((x) => x.remittance)).toEqual([{ creditorReference: 'RF18539007547034' }, { text: 'Invoices F-2' }]);
  });

  it('names as many invoices as fit in 140 characters and says how many more', () => {
    const numbers = Array.from({ length: 40 }, (_, i) => `INV-2026-${String(i).padStart(5, '0')}`);
    const text = remittanceText('Invoices', numbers);
    expect(text.length).toBeLessThanOrEqual(140);
    expect(text).toMatch(/^Invoices INV-2026-00000 INV-2026-00001 .* \+\d+ more$/);
    const shown = text.split(' ').filter((w) => w.startsWith('INV-')).length;
    expect(text.endsWith(`+${40 - shown} more`)).toBe(true);
  });
});

describe('a run’s life', () => {
  const at = new Date('2026-12-07T10:00:00Z');
  const draft = { state: 'draft' as const, draftedBy: { userId: 'u1', email: 'anna@example.org', at }, approvals: [] };

  it('is approved by someone other than its drafter, once each', () => {
    expect(approvalRefusal(draft, 'u1')?.code).toBe('four_eyes');
    expect(approvalRefusal(draft, 'u2')).toBeNull();
    expect(approvalRefusal({ ...draft, approvals: [{ userId: 'u2', email: 'b', at }] }, 'u2')?.code).toBe('approved_already');
    expect(approvalRefusal({ ...draft, state: 'approved' }, 'u3')?.code).toBe('not_draft');
  });

  it('is exported only once approved, cancelled only before the bank has it', () => {
    expect(exportRefusal(draft)?.code).toBe('not_approved');
    expect(exportRefusal({ ...draft, state: 'approved' })).toBeNull();
    expect(exportRefusal({ ...draft, state: 'cancelled' })?.code).toBe('cancelled');
    expect(cancelRefusal({ ...draft, state: 'approved' })).toBeNull();
    expect(cancelRefusal({ ...draft, state: 'exported' })?.code).toBe('not_cancellable');
  });

  it('is paid when the bank confirmed every transfer, paid in part before', () => {
    expect(stateAfterConfirmations(0, 3)).toBe('exported');
    expect(stateAfterConfirmations(2, 3)).toBe('paid-in-part');
    expect(stateAfterConfirmations(3, 3)).toBe('paid');
  });

  it('hashes its content whatever the order of keys, and any change shows', () => {
    expect(contentHash({ a: 1, b: [{ x: 'y', z: 2 }] })).toBe(contentHash({ b: [{ z: 2, x: 'y' }], a: 1 }));
    expect(contentHash({ a: 1, b: [{ x: 'y', z: 2 }] })).not.toBe(contentHash({ a: 1, b: [{ x: 'y', z: 3 }] }));
  });
});

describe('interest paid unasked', () => {
  // The ECB rate in force on 1 July 2026: 2.40 %.
  const rates = shippedTable('EU');
  const inv = resolveInvoice({
    supplierId: 'A',
    invoiceNumber: 'F-1',
    issueDate: '2026-09-01',
    dueDate: '2026-10-01',
    amount: 100_000,
    currency: 'EUR',
  });
  const ctx = { payDate: '2026-12-08', regime: 'NL' as const, rates };

  it('is the statutory interest to the pay date and EUR 40, less what an earlier run paid', () => {
    // 68 days at 10.40 %: 1000.00 × 0.104 × 68 / 365 = 19.38.
    expect(interestOwed(inv, ctx)).toEqual({ supplierId: 'A', invoiceNumber: 'F-1', interest: 1938, compensation: 4000 });
    expect(interestOwed(inv, ctx, { interest: 1000, compensation: 4000 })).toEqual({
      supplierId: 'A',
      invoiceNumber: 'F-1',
      interest: 938,
      compensation: 0,
    });
    expect(interestOwed(inv, ctx, { interest: 1938, compensation: 4000 })).toBeNull();
    expect(interestOwed({ ...inv, dueDate: '2026-12-31' }, ctx)).toBeNull();
  });
});

describe('matching a statement', () => {
  const debit = (over: Partial<Debit>): Debit => ({
    at: 'Stmt[1]/Ntry[1]',
    bookingDate: '2026-12-08',
    amount: 0,
    currency: 'EUR',
    endToEndId: null,
    creditorIban: null,
    creditorName: null,
    remittance: '',
    ...over,
  });
  const transfer: ExportedTransfer = {
    runId: 'r1',
    endToEndId: 'Tr1-1',
    kind: 'invoices',
    supplierId: 'A',
    currency: 'EUR',
    amount: 1250,
    invoices: [
      { invoiceNumber: 'F-1', amount: 1000 },
      { invoiceNumber: 'F-2', amount: 250 },
    ],
    confirmed: false,
  };
  const open: OpenInvoice[] = [
    { supplierId: 'B', invoiceNumber: 'X-9', currency: 'EUR', outstanding: 500 },
    { supplierId: 'B', invoiceNumber: 'X-10', currency: 'EUR', outstanding: 700 },
  ];
  const ctx = { transfers: new Map([[transfer.endToEndId, transfer]]), openByIban: new Map([['NL02RABO0123456789', open]]) };

  it('finds a run’s transfer by its end-to-end id; a smaller amount pays in order, the last in part', () => {
    const [full, part] = matchDebits([debit({ endToEndId: 'Tr1-1', amount: 1250 })], ctx).concat(
      matchDebits([debit({ endToEndId: 'Tr1-1', amount: 1100 })], ctx),
    );
    expect(full).toMatchObject({
      by: 'run',
      allocations: [
        { invoiceNumber: 'F-1', amount: 1000, full: true },
        { invoiceNumber: 'F-2', amount: 250, full: true },
      ],
    });
    expect(part).toMatchObject({
      by: 'run',
      allocations: [
        { invoiceNumber: 'F-1', amount: 1000, full: true },
        { invoiceNumber: 'F-2', amount: 100, full: false },
      ],
    });
  });

  it('else by IBAN, amount and the invoice numbers in the text; anything unsure is left, with the reason', () => {
    const m = matchDebits(
      [
        debit({ creditorIban: 'NL02 RABO 0123 4567 89', amount: 1200, remittance: 'Facturen X-9, X-10' }),
        debit({ creditorIban: 'NL02RABO0123456789', amount: 100, remittance: 'X-9' }),
        debit({ creditorIban: 'NL02RABO0123456789', amount: 999, remittance: 'X-1' }),
        debit({ creditorIban: 'NL02RABO0123456789', amount: 400, remittance: 'X-9 X-10' }),
        debit({ creditorIban: 'DE89370400440532013000', amount: 400, remittance: 'X-9' }),
        debit({ amount: 5 }),
        debit({ endToEndId: 'Tr1-1', amount: 1250 }),
        debit({ endToEndId: 'Tr1-1', amount: 1250 }),
      ],
      ctx,
    );
    expect(m[0]).toMatchObject({
      by: 'invoices',
      allocations: [
        { invoiceNumber: 'X-9', amount: 500, full: true },
        { invoiceNumber: 'X-10', amount: 700, full: true },
      ],
    });
    // X-9 was paid in full by the debit before: nothing open is named any more.
    expect(m[1]).toMatchObject({ by: 'none', reason: expect.stringMatching(/no open invoice/) });
    expect(m[2]).toMatchObject({ by: 'none' });
    expect(m[4]).toMatchObject({ by: 'none', reason: 'no open invoice of a supplier with IBAN DE89370400440532013000' });
    expect(m[5]).toMatchObject({ by: 'none', reason: 'no end-to-end id of a run and no creditor IBAN' });
    expect(m[6].by).toBe('run');
    expect(m[7]).toMatchObject({ by: 'none', reason: 'transfer Tr1-1 was matched to an earlier bank entry already' });
  });

  it('pays one named invoice in part when less comes, never several', () => {
    const [one, two] = matchDebits(
      [
        debit({ creditorIban: 'NL02RABO0123456789', amount: 200, remittance: 'X-10' }),
        debit({ creditorIban: 'NL02RABO0123456789', amount: 600, remittance: 'X-9 X-10' }),
      ],
      ctx,
    );
    expect(one).toMatchObject({ by: 'invoices', allocations: [{ invoiceNumber: 'X-10', amount: 200, full: false }] });
    expect(two).toMatchObject({
      by: 'none',
      reason: expect.stringMatching(/is not what the invoices named come to \(X-9, X-10: EUR 10\.00\)/),
    });
  });

  it('reads an invoice number only as a word of its own', () => {
    expect(names('Invoices F-12 F-3', 'F-12')).toBe(true);
    expect(names('Invoices F-123', 'F-12')).toBe(false);
    expect(names('inv f-12.', 'F-12')).toBe(true);
  });
});
