/**
 * Bank statements back: a camt.053 file's debits mark the invoices they paid as paid on the booking
 * date (or record the part paid), say that the date came from the bank, confirm the transfers of
 * exported runs, and leave everything else listed for a person. All is read and matched before
 * anything is stored; a statement already imported, or of another account, changes nothing.
 */
import type { Readable } from 'node:stream';
import type { Types } from 'mongoose';
import { normalizeIban } from '../../domain/iban.ts';
import { isCancelled, outstanding } from '../../domain/invoice.ts';
import type { Actor } from '../../domain/payment-runs/run-state.ts';
import { stateAfterConfirmations } from '../../domain/payment-runs/run-state.ts';
import {
  type Debit,
  type ExportedTransfer,
  type Match,
  matchDebits,
  type OpenInvoice,
} from '../../domain/payment-runs/statement-matching.ts';
import { AppError } from '../../errors.ts';
import { readCamt053, StatementError } from '../../import/bank-statements/camt053.ts';
import { bumpDataVersion } from '../../persistence/data-version/data-version.ts';
import { InvoiceModel } from '../../persistence/invoices/invoice.model.ts';
import { invoicesByKeys } from '../../persistence/invoices/invoice.repository.ts';
import type { BankStatementDoc, StatementLineDoc } from '../../persistence/payment-runs/bank-statement.model.ts';
import {
  DuplicateStatement,
  loadStatement,
  markApplied,
  storeStatement,
} from '../../persistence/payment-runs/bank-statement.repository.ts';
import type { PaymentRunDoc } from '../../persistence/payment-runs/payment-run.model.ts';
import { confirmTransfers, runsByEndToEndIds } from '../../persistence/payment-runs/payment-run.repository.ts';
import { SupplierModel } from '../../persistence/suppliers/supplier.model.ts';
import { payableTransfers } from './export.ts';

export interface StatementDeps {
  /** The organisation's account (ORG_IBAN): a statement of any other is refused. */
  orgIban: string | null;
  /** The accounts a group's entities pay from: their statements are taken too. */
  entityAccounts?: () => Promise<ReadonlyMap<string, { iban: string }>>;
  recomputeSuppliers: (supplierIds: string[]) => Promise<void>;
  /** A run the statement confirmed in full or in part (its remittance advice, when the settings say so). */
  confirmed: (run: PaymentRunDoc) => Promise<void>;
}

export interface StatementResult {
  statements: BankStatementDoc[];
}

const key = (s: string, n: string) => `${s}\u0000${n}`;

export async function importBankStatement(input: Readable, fileName: string, by: Actor, deps: StatementDeps): Promise<StatementResult> {
  let file: Awaited<ReturnType<typeof readCamt053>>;
  try {
    file = await readCamt053(input);
  } catch (e) {
    if (e instanceof StatementError) throw new AppError(400, 'bad_statement', e.message);
    throw e;
  }
  const accounts = [deps.orgIban, ...[...((await deps.entityAccounts?.()) ?? new Map()).values()].map((a) => a.iban)];
  const owned = [...new Set(accounts.filter((a): a is string => !!a).map(normalizeIban))];
  if (owned.length === 0)
    throw new AppError(409, 'no_debtor_account', "set ORG_IBAN: a statement is matched only when it is of the organisation's own account");
  for (const [i, s] of file.statements.entries()) {
    const own = normalizeIban(s.iban);
    if (!owned.includes(own))
      throw new AppError(
        422,
        'other_account',
        `Stmt[${i + 1}]/Acct/Id/IBAN: ${s.iban} is not the organisation's account (${owned.join(', ')})`,
      );
    const before = await loadStatement({ iban: own, statementId: s.id });
    if (before && !before.appliedAt && file.statements.length === 1) {
      // Stored, then stopped before it was all written (a crash): finish what it started.
      const runs = await runsByEndToEndIds([...new Set(before.lines.map((l) => l.endToEndId).filter((x): x is string => !!x))]);
      await finishStatement(before, linesAsMatches(before, runs), runs, deps);
      return { statements: [{ ...before, appliedAt: new Date() }] };
    }
    if (before)
      throw new AppError(409, 'duplicate_statement', `Stmt[${i + 1}]/Id: statement ${s.id} of ${own} was imported before; nothing changed`);
  }
  const out: BankStatementDoc[] = [];
  for (const s of file.statements) {
    const debits: Debit[] = [];
    let ignored = 0;
    for (const e of s.entries) {
      if (e.direction !== 'DBIT' || (e.status && e.status !== 'BOOK')) {
        ignored++;
        continue;
      }
      e.transactions.forEach((t, i) => {
        debits.push({
          at: e.transactions.length > 1 ? `${e.at}/TxDtls[${i + 1}]` : e.at,
          bookingDate: e.bookingDate,
          amount: t.amount,
          currency: t.currency,
          endToEndId: t.endToEndId,
          creditorIban: t.creditorIban,
          creditorName: t.creditorName,
          remittance: [t.remittance, t.creditorReference ?? ''].join(' ').trim(),
        });
      });
    }
    const runs = await runsByEndToEndIds([...new Set(debits.map((d) => d.endToEndId).filter((x): x is string => !!x))]);
    const matches = matchDebits(debits, await matchContext(debits, runs));
    out.push(
      await apply(normalizeIban(s.iban), s.id, file.messageId, file.version, fileName, by, s.entries.length, ignored, matches, runs, deps),
    );
  }
  return { statements: out };
}

/** A stored statement's run matches again, for finishing it. */
function linesAsMatches(doc: BankStatementDoc, runs: PaymentRunDoc[]): Match[] {
  const transfers = new Map(runs.flatMap((r) => r.transfers.map((t) => [t.endToEndId, { run: r, t }] as const)));
  return doc.lines.flatMap((l): Match[] => {
    const found = l.by === 'run' && l.endToEndId ? transfers.get(l.endToEndId) : undefined;
    if (!found) return [];
    const debit = { ...l, remittance: l.remittance };
    const transfer = {
      runId: String(found.run._id),
      endToEndId: found.t.endToEndId,
      kind: found.t.kind,
      supplierId: found.t.supplierId,
      currency: found.t.currency,
      amount: found.t.amount,
      invoices: [],
      confirmed: false,
    };
    return [{ debit, by: 'run', transfer, allocations: l.paid ?? [] }];
  });
}

async function matchContext(debits: Debit[], runs: PaymentRunDoc[]) {
  const transfers = new Map<string, ExportedTransfer>();
  for (const run of runs) {
    const pays = new Map(run.payments.map((p) => [key(p.supplierId, p.invoiceNumber), p.amount]));
    for (const t of run.transfers)
      transfers.set(t.endToEndId, {
        runId: String(run._id),
        endToEndId: t.endToEndId,
        kind: t.kind,
        supplierId: t.supplierId,
        currency: t.currency,
        amount: t.amount,
        invoices:
          t.kind === 'interest' ? [] : t.invoiceNumbers.map((n) => ({ invoiceNumber: n, amount: pays.get(key(t.supplierId, n)) ?? 0 })),
        confirmed: !!t.confirmed,
      });
  }
  const ibans = [...new Set(debits.filter((d) => d.creditorIban).map((d) => normalizeIban(d.creditorIban as string)))];
  const suppliers = ibans.length ? await SupplierModel.find({ iban: { $in: ibans } }, { _id: 0, supplierId: 1, iban: 1 }).lean() : [];
  const ibanOf = new Map(suppliers.map((s) => [s.supplierId, normalizeIban(s.iban as string)]));
  const openByIban = new Map<string, OpenInvoice[]>();
  if (ibanOf.size) {
    const invoices = await InvoiceModel.find(
      { supplierId: { $in: [...ibanOf.keys()] } },
      { _id: 0, supplierId: 1, invoiceNumber: 1, amount: 1, currency: 1, paidDate: 1, paidAmount: 1, status: 1 },
    ).lean();
    for (const inv of invoices) {
      const left = outstanding(inv);
      if (left <= 0 || isCancelled(inv)) continue;
      const iban = ibanOf.get(inv.supplierId) as string;
      const list = openByIban.get(iban) ?? [];
      list.push({ supplierId: inv.supplierId, invoiceNumber: inv.invoiceNumber, currency: inv.currency, outstanding: left });
      openByIban.set(iban, list);
    }
  }
  return { transfers, openByIban };
}

async function apply(
  iban: string,
  statementId: string,
  messageId: string,
  version: string,
  fileName: string,
  by: Actor,
  entries: number,
  ignored: number,
  matches: Match[],
  runs: PaymentRunDoc[],
  deps: StatementDeps,
): Promise<BankStatementDoc> {
  // What each invoice is paid in the end: computed once, stored with the statement, then written as
  // absolute values, so writing it again after a crash changes nothing more.
  const allocated = new Map<string, { supplierId: string; invoiceNumber: string; amount: number; bookingDate: string }>();
  for (const m of matches)
    if (m.by !== 'none')
      for (const a of m.allocations) {
        const k = key(a.supplierId, a.invoiceNumber);
        const b = allocated.get(k);
        allocated.set(k, { ...a, amount: (b?.amount ?? 0) + a.amount, bookingDate: m.debit.bookingDate });
      }
  const stored = await invoicesByKeys<{
    supplierId: string;
    invoiceNumber: string;
    amount: number;
    paidDate?: string | null;
    paidAmount?: number | null;
  }>([...allocated.values()], { amount: 1, paidDate: 1, paidAmount: 1 });
  const lines: StatementLineDoc[] = matches.map((m) => ({
    at: m.debit.at,
    bookingDate: m.debit.bookingDate,
    amount: m.debit.amount,
    currency: m.debit.currency,
    endToEndId: m.debit.endToEndId,
    creditorName: m.debit.creditorName,
    creditorIban: m.debit.creditorIban,
    remittance: m.debit.remittance,
    by: m.by,
    ...(m.by === 'run' ? { runId: m.transfer.runId } : {}),
    ...(m.by === 'none' ? { reason: m.reason } : { paid: m.allocations }),
  }));
  const counts = {
    entries,
    debits: matches.length,
    matched: matches.filter((m) => m.by !== 'none').length,
    partial: matches.filter((m) => m.by !== 'none' && m.allocations.some((a) => !a.full)).length,
    unmatched: matches.filter((m) => m.by === 'none').length,
    ignored,
    invoicesPaid: allocated.size,
  };
  const paidInvoices = stored.map((inv) => {
    const a = allocated.get(key(inv.supplierId, inv.invoiceNumber)) as { amount: number; bookingDate: string };
    const before = inv.paidAmount ?? (inv.paidDate ? inv.amount : 0);
    return { supplierId: inv.supplierId, invoiceNumber: inv.invoiceNumber, paidDate: a.bookingDate, paidAmount: before + a.amount };
  });
  let doc: BankStatementDoc;
  try {
    doc = await storeStatement({
      iban,
      statementId,
      messageId,
      version,
      fileName,
      importedBy: by.email,
      importedAt: by.at,
      counts,
      lines,
      paidInvoices,
    });
  } catch (e) {
    if (e instanceof DuplicateStatement)
      throw new AppError(409, 'duplicate_statement', `statement ${statementId} of ${iban} was imported before; nothing changed`);
    throw e;
  }
  await finishStatement(doc, matches, runs, deps);
  return doc;
}

/**
 * Writes what the statement paid and confirms the runs' transfers, then marks it applied. The
 * invoices' paid amounts are absolute values worked out before, so doing this again after a crash
 * (the same file imported again finds the statement not applied) changes nothing more.
 */
async function finishStatement(doc: BankStatementDoc, matches: Match[], runs: PaymentRunDoc[], deps: StatementDeps): Promise<void> {
  if (doc.paidInvoices.length)
    await InvoiceModel.bulkWrite(
      doc.paidInvoices.map((p) => ({
        updateOne: {
          filter: { supplierId: p.supplierId, invoiceNumber: p.invoiceNumber },
          update: { $set: { paidDate: p.paidDate, paidAmount: p.paidAmount, paidFrom: 'bank' as const, paidStatementId: String(doc._id) } },
        },
      })),
      { ordered: false },
    );
  await confirmRuns(doc, matches, runs, deps);
  await markApplied(doc._id);
  if (doc.paidInvoices.length) {
    await bumpDataVersion();
    await deps.recomputeSuppliers([...new Set(doc.paidInvoices.map((i) => i.supplierId))]);
  }
}

async function confirmRuns(doc: BankStatementDoc, matches: Match[], runs: PaymentRunDoc[], deps: StatementDeps): Promise<void> {
  const byRun = new Map<string, Map<string, NonNullable<PaymentRunDoc['transfers'][number]['confirmed']>>>();
  for (const m of matches) {
    if (m.by !== 'run') continue;
    const c = byRun.get(m.transfer.runId) ?? new Map();
    c.set(m.transfer.endToEndId, {
      statementId: String(doc._id),
      at: m.debit.at,
      bookingDate: m.debit.bookingDate,
      amount: m.debit.amount,
    });
    byRun.set(m.transfer.runId, c);
  }
  for (const run of runs) {
    const c = byRun.get(String(run._id));
    if (!c) continue;
    const payable = payableTransfers(run);
    const confirmed = payable.filter((t) => t.confirmed || c.has(t.endToEndId)).length;
    const state = stateAfterConfirmations(confirmed, payable.length);
    await confirmTransfers(run._id as Types.ObjectId, c, state);
    await deps.confirmed({ ...run, state });
  }
}
