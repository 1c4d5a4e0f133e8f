/**
 * Which invoices a bank statement's debits paid. A debit is matched, in this order:
 *
 * 1. by its end-to-end id to a transfer of an exported run: that transfer's invoices are paid
 *    (a smaller amount pays them in the transfer's order, the last one in part);
 * 2. by the creditor's IBAN, its amount and the invoice numbers named in its remittance text: the
 *    named open invoices of the suppliers with that IBAN are paid when together they come to the
 *    amount, or the one named is paid in part when the amount is less.
 *
 * Anything else is listed for a person to look at, with the reason; nothing is guessed.
 */
import type { CalendarDate } from '../dates.ts';
import { normalizeIban } from '../iban.ts';
import { formatMinor, type Minor } from '../money.ts';

export interface Debit {
  /** Where it is in the file ("Stmt[1]/Ntry[4]/TxDtls[2]"). */
  at: string;
  bookingDate: CalendarDate;
  amount: Minor;
  currency: string;
  endToEndId: string | null;
  creditorIban: string | null;
  creditorName: string | null;
  remittance: string;
}

export interface ExportedTransfer {
  runId: string;
  endToEndId: string;
  kind: 'invoices' | 'interest';
  supplierId: string;
  currency: string;
  amount: Minor;
  /** The invoices it pays with what it pays on each, in order. */
  invoices: Array<{ invoiceNumber: string; amount: Minor }>;
  /** Matched by an earlier statement. */
  confirmed: boolean;
}

export interface OpenInvoice {
  supplierId: string;
  invoiceNumber: string;
  currency: string;
  outstanding: Minor;
}

export interface Allocation {
  supplierId: string;
  invoiceNumber: string;
  amount: Minor;
  /** Paid in full with this (else in part). */
  full: boolean;
}

export type Match =
  | { debit: Debit; by: 'run'; transfer: ExportedTransfer; allocations: Allocation[] }
  | { debit: Debit; by: 'invoices'; allocations: Allocation[] }
  | { debit: Debit; by: 'none'; reason: string };

export interface MatchContext {
  transfers: Map<string, ExportedTransfer>;
  /** Open invoices by the normalized IBAN of their supplier. */
  openByIban: Map<string, OpenInvoice[]>;
}

const money = (m: Minor, c: string) => `${c} ${formatMinor(m, c)}`;

/** Whether the text names the invoice number as a word of its own (F-12 is not in F-123). */
export function names(text: string, invoiceNumber: string): boolean {
  const hay = text.toUpperCase();
  const needle = invoiceNumber.toUpperCase();
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : hay[at - 1];
    const after = hay[at + needle.length] ?? '';
    if (!/[A-Z0-9]/.test(before) && !/[A-Z0-9]/.test(after)) return true;
  }
  return false;
}

/** Pays the amount over the invoices in order: in full while it lasts, the last one in part. */
function allocate(amount: Minor, invoices: Array<{ supplierId: string; invoiceNumber: string; amount: Minor }>): Allocation[] {
  const out: Allocation[] = [];
  let left = amount;
  for (const inv of invoices) {
    if (left <= 0) break;
    const paid = Math.min(left, inv.amount);
    out.push({ supplierId: inv.supplierId, invoiceNumber: inv.invoiceNumber, amount: paid, full: paid === inv.amount });
    left -= paid;
  }
  return out;
}

export function matchDebits(debits: Debit[], ctx: MatchContext): Match[] {
  // Within one statement an invoice is paid once; the open amounts go down as debits pay them.
  const open = new Map<string, number>();
  const key = (s: string, n: string) => `${s}\u0000${n}`;
  const outstanding = (inv: OpenInvoice) => open.get(key(inv.supplierId, inv.invoiceNumber)) ?? inv.outstanding;
  const used = new Set<string>();
  return debits.map((debit): Match => {
    const t = debit.endToEndId ? ctx.transfers.get(debit.endToEndId) : undefined;
    if (t) {
      if (t.confirmed || used.has(t.endToEndId))
        return { debit, by: 'none', reason: `transfer ${t.endToEndId} was matched to an earlier bank entry already` };
      if (t.currency !== debit.currency || debit.amount > t.amount)
        return {
          debit,
          by: 'none',
          reason: `transfer ${t.endToEndId} was for ${money(t.amount, t.currency)}, the bank booked ${money(debit.amount, debit.currency)}`,
        };
      used.add(t.endToEndId);
      const allocations =
        t.kind === 'interest'
          ? []
          : allocate(
              debit.amount,
              t.invoices.map((i) => ({ ...i, supplierId: t.supplierId })),
            );
      allocations.forEach((a, i) => {
        open.set(key(a.supplierId, a.invoiceNumber), t.invoices[i].amount - a.amount);
      });
      return { debit, by: 'run', transfer: t, allocations };
    }
    if (!debit.creditorIban) return { debit, by: 'none', reason: 'no end-to-end id of a run and no creditor IBAN' };
    const candidates = (ctx.openByIban.get(normalizeIban(debit.creditorIban)) ?? []).filter(
      (inv) => inv.currency === debit.currency && outstanding(inv) > 0,
    );
    if (candidates.length === 0)
      return { debit, by: 'none', reason: `no open invoice of a supplier with IBAN ${normalizeIban(debit.creditorIban)}` };
    const named = candidates.filter((inv) => names(debit.remittance, inv.invoiceNumber));
    if (named.length === 0) return { debit, by: 'none', reason: 'the remittance text names none of the open invoices of this IBAN' };
    const total = named.reduce((a, inv) => a + outstanding(inv), 0);
    if (debit.amount > total || (debit.amount < total && named.length > 1))
      return {
        debit,
        by: 'none',
        reason: `${money(debit.amount, debit.currency)} is not what the invoices named come to (${named.map((i) => i.invoiceNumber).join(', ')}: ${money(total, debit.currency)})`,
      };
    const allocations = allocate(
      debit.amount,
      named.map((inv) => ({ supplierId: inv.supplierId, invoiceNumber: inv.invoiceNumber, amount: outstanding(inv) })),
    );
    allocations.forEach((a, i) => {
      open.set(key(a.supplierId, a.invoiceNumber), outstanding(named[i]) - a.amount);
    });
    return { debit, by: 'invoices', allocations };
  });
}
