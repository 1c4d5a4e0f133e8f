import { Types } from 'mongoose';
import {
  type BankStatementDoc,
  BankStatementModel,
  type PaidInvoice,
  type StatementLineDoc,
  StatementLineModel,
  StatementPaidModel,
} from './bank-statement.model.ts';

const CHUNK = 5000;

export class DuplicateStatement extends Error {}

/**
 * Stores a statement: its lines and payments first, then the statement (the unique one per account
 * and statement id). Two imports of one statement at once: the second's statement is refused and its
 * lines removed; a crash before the statement leaves lines nobody reads.
 */
export async function storeStatement(doc: Omit<BankStatementDoc, '_id' | 'appliedAt'>): Promise<BankStatementDoc> {
  const _id = new Types.ObjectId();
  const { lines, paidInvoices, ...meta } = doc;
  for (let i = 0; i < lines.length; i += CHUNK)
    await StatementLineModel.collection.insertMany(
      lines.slice(i, i + CHUNK).map((l, j) => ({ statement: _id, n: i + j, ...l })),
      { ordered: false },
    );
  for (let i = 0; i < paidInvoices.length; i += CHUNK)
    await StatementPaidModel.collection.insertMany(
      paidInvoices.slice(i, i + CHUNK).map((p) => ({ statement: _id, ...p })),
      { ordered: false },
    );
  try {
    await BankStatementModel.create({ _id, ...meta });
  } catch (e) {
    await Promise.all([StatementLineModel.deleteMany({ statement: _id }), StatementPaidModel.deleteMany({ statement: _id })]);
    if ((e as { code?: number }).code === 11000) throw new DuplicateStatement();
    throw e;
  }
  return { _id, ...doc };
}

/** A stored statement with its lines in file order and what it paid. */
export async function loadStatement(
  filter: { _id: Types.ObjectId } | { iban: string; statementId: string },
): Promise<BankStatementDoc | null> {
  const meta = await BankStatementModel.findOne(filter).lean<Omit<BankStatementDoc, 'lines' | 'paidInvoices'>>();
  if (!meta) return null;
  const [lines, paid] = await Promise.all([
    StatementLineModel.find({ statement: meta._id }, { _id: 0, statement: 0, n: 0 }).sort({ n: 1 }).lean<StatementLineDoc[]>(),
    StatementPaidModel.find({ statement: meta._id }, { _id: 0, statement: 0 }).lean<PaidInvoice[]>(),
  ]);
  return { ...meta, lines, paidInvoices: paid };
}

export const statementById = (id: string) =>
  /^[0-9a-f]{24}$/.test(id) ? loadStatement({ _id: new Types.ObjectId(id) }) : Promise.resolve(null);

export async function markApplied(id: Types.ObjectId): Promise<void> {
  await BankStatementModel.updateOne({ _id: id }, { $set: { appliedAt: new Date() } });
}

/** The newest statements, without their lines. */
export async function recentStatements(limit: number) {
  return BankStatementModel.find({}, { statementId: 1, importedAt: 1, counts: 1 }).sort({ importedAt: -1 }).limit(limit).lean();
}
