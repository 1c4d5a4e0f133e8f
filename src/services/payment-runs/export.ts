/**
 * A run to the bank: a SEPA credit-transfer file (pain.001.001.09) for a EUR run, a CSV for any
 * other. Only an approved run goes, and only as approved: its content is checked against the hash
 * approval stored. The first export fixes the file's message id and time, so downloading it again
 * gives the same file (a bank refuses a message id twice, which keeps a run from being paid twice).
 */
import { DateTime } from 'luxon';
import { isValidIban } from '../../domain/iban.ts';
import { formatMinor } from '../../domain/money.ts';
import { type Actor, contentHash, exportRefusal } from '../../domain/payment-runs/run-state.ts';
import { pain001, SepaError } from '../../domain/sepa/pain001.ts';
import { AppError } from '../../errors.ts';
import type { PaymentRunDoc } from '../../persistence/payment-runs/payment-run.model.ts';
import { recordExport } from '../../persistence/payment-runs/payment-run.repository.ts';
import { toCsv } from '../../presentation/csv.ts';
import { frozenContent, requireRun } from './runs.ts';

export const EXPORT_FORMATS = ['pain.001', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The organisation's own account: where the money leaves from (ORG_NAME, ORG_IBAN, ORG_BIC). */
export interface DebtorAccount {
  name: string | null;
  iban: string | null;
  bic: string | null;
}

export interface BankFile {
  fileName: string;
  contentType: string;
  body: string;
  run: PaymentRunDoc;
}

/** The transfers that go in a bank file: those to a supplier with a valid IBAN (the others are listed on the run). */
export const payableTransfers = (run: PaymentRunDoc) => run.transfers.filter((t) => t.iban && isValidIban(t.iban));

export interface ExportDeps {
  debtor: DebtorAccount;
  /** The accounts of a group's entities that pay from their own, by upper-case code; the others pay from `debtor`. */
  entityAccounts?: () => Promise<ReadonlyMap<string, DebtorAccount>>;
  timezone: string;
  /** Plans the suppliers' remittance advice for a run that went to the bank (when the settings say so). */
  exported: (run: PaymentRunDoc) => Promise<void>;
}

export async function exportRun(id: string, format: ExportFormat, by: Actor, deps: ExportDeps): Promise<BankFile> {
  const { debtor, timezone } = deps;
  const run = await requireRun(id);
  const refusal = exportRefusal(run);
  if (refusal) throw new AppError(409, refusal.code, refusal.message);
  if (!run.contentHash || run.contentHash !== contentHash(frozenContent(run)))
    throw new AppError(409, 'tampered', 'the run differs from what was approved: it is not exported; cancel it and draft it again');
  const transfers = payableTransfers(run);
  if (transfers.length === 0) throw new AppError(409, 'nothing_payable', 'no supplier in this run has a valid IBAN');
  const bankFile = run.bankFile ?? {
    messageId: `TIJDIG-${String(run._id)}`,
    createdAt: DateTime.now().setZone(timezone).set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) as string,
  };
  let body: string;
  if (format === 'pain.001') {
    if (run.currency !== 'EUR')
      throw new AppError(409, 'not_sepa', `SEPA transfers are in EUR; this run is in ${run.currency}: export it as csv`);
    // Each transfer leaves from its entity's account when the entity has one, else from the organisation's.
    const accounts = (await deps.entityAccounts?.()) ?? new Map<string, DebtorAccount>();
    const own = (t: (typeof transfers)[number]) => (t.entity ? accounts.get(t.entity.toUpperCase()) : undefined);
    if (transfers.some((t) => !own(t)) && (!debtor.iban || !debtor.name))
      throw new AppError(
        409,
        'no_debtor_account',
        'set ORG_NAME and ORG_IBAN (and ORG_BIC if your bank asks for it): the account the payments leave from',
      );
    const account = (a: DebtorAccount) => ({ name: a.name as string, iban: a.iban as string, bic: a.bic });
    try {
      body = pain001({
        messageId: bankFile.messageId,
        createdAt: bankFile.createdAt,
        executionDate: run.payDate,
        debtor: account(debtor.iban && debtor.name ? debtor : (own(transfers[0]) as DebtorAccount)),
        transfers: transfers.map((t) => {
          const from = own(t);
          return {
            endToEndId: t.endToEndId,
            amount: t.amount,
            creditorName: t.name,
            creditorIban: t.iban as string,
            remittance: t.remittance,
            ...(from ? { debtor: account(from) } : {}),
          };
        }),
      });
    } catch (e) {
      if (e instanceof SepaError) throw new AppError(422, 'not_sepa', e.message);
      throw e;
    }
  } else body = transfersCsv(run);
  const next = await recordExport(run._id, { ...by, format }, { bankFile, ...(run.state === 'approved' ? { state: 'exported' } : {}) });
  if (!next) throw new AppError(409, 'conflict', 'the run changed meanwhile');
  await deps.exported(next);
  const ext = format === 'pain.001' ? 'xml' : 'csv';
  return {
    fileName: `payment-run-${run.payDate}-${String(run._id).slice(-6)}.${ext}`,
    contentType: format === 'pain.001' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8',
    body,
    run: next,
  };
}

/** One line per transfer, as a bank's payment tool imports it; suppliers without a valid IBAN have it empty. */
export function transfersCsv(run: PaymentRunDoc): string {
  return toCsv(
    ['endToEndId', 'supplierId', 'name', 'iban', 'amount', 'currency', 'kind', 'invoiceNumbers', 'remittance', 'payDate'],
    run.transfers.map((t) => [
      t.endToEndId,
      t.supplierId,
      t.name,
      t.iban && isValidIban(t.iban) ? t.iban : '',
      formatMinor(t.amount, t.currency),
      t.currency,
      t.kind,
      t.invoiceNumbers.join(' '),
      'text' in t.remittance ? t.remittance.text : t.remittance.creditorReference,
      run.payDate,
    ]),
  );
}
