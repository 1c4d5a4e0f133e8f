/**
 * The transfers of a payment run: what the bank is asked to pay, to whom, with which text. One
 * transfer per supplier (or per invoice, a setting), and, when the run pays the statutory interest
 * unasked, one more per supplier for the interest and compensation, with a text of its own.
 *
 * Each transfer has an end-to-end id the bank carries onto its statement, which is how the
 * statement finds the run again: the run's id and the transfer's number, unique across runs.
 */
import type { Currency, Minor } from '../money.ts';
import { isCreditorReference, normalizeReference } from '../sepa/creditor-reference.ts';
import { REMITTANCE_MAX } from '../sepa/pain001.ts';
import { sepaText } from '../sepa/text.ts';

export interface RunPayment {
  supplierId: string;
  name: string;
  iban: string | null;
  invoiceNumber: string;
  currency: Currency;
  amount: Minor;
  /** The invoice's payment reference, when it carries one (an RF creditor reference is sent structured). */
  paymentReference?: string | null;
  /** The legal entity that pays it; none: the default entity. */
  entity?: string | null;
}

export interface InterestLine {
  supplierId: string;
  invoiceNumber: string;
  entity?: string | null;
  interest: Minor;
  compensation: Minor;
}

export interface Transfer {
  endToEndId: string;
  kind: 'invoices' | 'interest';
  supplierId: string;
  name: string;
  iban: string | null;
  currency: Currency;
  amount: Minor;
  invoiceNumbers: string[];
  /** The remittance: free text of at most 140 characters, or one RF creditor reference. */
  remittance: { text: string } | { creditorReference: string };
  /** The legal entity whose account it leaves from; absent: the default entity's. */
  entity?: string;
}

export type Grouping = 'supplier' | 'invoice';

/** "Invoices F-1 F-2 +3 more": the invoice numbers in the SEPA character set, within 140 characters. */
export function remittanceText(prefix: string, invoiceNumbers: string[]): string {
  const numbers = invoiceNumbers.map((n) => sepaText(n, REMITTANCE_MAX)).filter(Boolean);
  let text = `${prefix} ${numbers[0] ?? ''}`.trim();
  for (let i = 1; i < numbers.length; i++) {
    const rest = numbers.length - i;
    const next = `${text} ${numbers[i]}`;
    const suffix = rest > 1 ? ` +${rest - 1} more` : '';
    if ((next + suffix).length > REMITTANCE_MAX) return `${text} +${rest} more`;
    text = next;
  }
  return text.slice(0, REMITTANCE_MAX);
}

/** The transfer id: the run's id and a number, in the SEPA identifier alphabet (at most 35). */
export const endToEndIdOf = (runId: string, n: number) => `T${runId}-${n}`;

/**
 * The transfers, in the order of the payments (the most harm removed first), interest after the
 * invoices of the same supplier.
 */
export interface TransferWords {
  /** Before the invoice numbers of a transfer paying invoices: "Invoices", "Facturen". */
  invoices: string;
  /** Before those of a transfer paying interest: "Late-payment interest, invoices". */
  interest: string;
}

export function runTransfers(
  runId: string,
  payments: RunPayment[],
  grouping: Grouping,
  interest: InterestLine[],
  words: TransferWords,
): Transfer[] {
  // A transfer leaves from one account: invoices of different entities never share one.
  const groups = new Map<string, RunPayment[]>();
  for (const p of payments) {
    const k =
      grouping === 'supplier' ? `${p.supplierId}\u0000${p.currency}\u0000${p.entity ?? ''}` : `${p.supplierId}\u0000${p.invoiceNumber}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const payer = (supplierId: string, entity: string | null | undefined) => `${supplierId}\u0000${entity ?? ''}`;
  const interestBySupplier = new Map<string, InterestLine[]>();
  for (const l of interest) {
    const list = interestBySupplier.get(payer(l.supplierId, l.entity));
    if (list) list.push(l);
    else interestBySupplier.set(payer(l.supplierId, l.entity), [l]);
  }
  const invoiceTransfers: Array<Omit<Transfer, 'endToEndId'>> = [...groups.values()].map((group) => {
    const first = group[0];
    const numbers = group.map((p) => p.invoiceNumber);
    const ref = group.length === 1 && first.paymentReference && isCreditorReference(first.paymentReference) ? first.paymentReference : null;
    return {
      kind: 'invoices',
      supplierId: first.supplierId,
      name: first.name,
      iban: first.iban,
      currency: first.currency,
      amount: group.reduce((a, p) => a + p.amount, 0),
      invoiceNumbers: numbers,
      remittance: ref ? { creditorReference: normalizeReference(ref) } : { text: remittanceText(words.invoices, numbers) },
      ...(first.entity ? { entity: first.entity } : {}),
    };
  });
  const last = new Map(invoiceTransfers.map((t, i) => [payer(t.supplierId, t.entity), i]));
  const out: Transfer[] = [];
  const push = (t: Omit<Transfer, 'endToEndId'>) => out.push({ endToEndId: endToEndIdOf(runId, out.length + 1), ...t });
  invoiceTransfers.forEach((t, i) => {
    push(t);
    const lines = last.get(payer(t.supplierId, t.entity)) === i ? interestBySupplier.get(payer(t.supplierId, t.entity)) : undefined;
    const amount = lines?.reduce((a, l) => a + l.interest + l.compensation, 0) ?? 0;
    if (!lines || amount <= 0) return;
    const paidOn = lines.filter((l) => l.interest + l.compensation > 0).map((l) => l.invoiceNumber);
    push({
      kind: 'interest',
      supplierId: t.supplierId,
      name: t.name,
      iban: t.iban,
      currency: t.currency,
      amount,
      invoiceNumbers: paidOn,
      remittance: { text: remittanceText(words.interest, paidOn) },
      ...(t.entity ? { entity: t.entity } : {}),
    });
  });
  return out;
}
