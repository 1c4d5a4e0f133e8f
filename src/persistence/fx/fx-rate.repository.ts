import type { EurRates } from '../../domain/fx.ts';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { type FxRateDoc, FxRateModel } from './fx-rate.model.ts';

/** Stores days of rates (replacing what a day had for a currency); returns how many rates were written. */
export async function saveEurRates(days: EurRates[]): Promise<number> {
  const ops = days.flatMap((d) =>
    Object.entries(d.perEur).map(([currency, perEur]) => ({
      updateOne: {
        filter: { date: d.date, currency },
        update: { $set: { date: d.date, currency, perEur, source: d.source, addedAt: new Date() } },
        upsert: true,
      },
    })),
  );
  if (ops.length === 0) return 0;
  await FxRateModel.bulkWrite(ops, { ordered: false });
  await bumpDataVersion();
  return ops.length;
}

/** The rates of the latest day on or before `date` that has any; null when there is none. */
export async function eurRatesOn(date: string): Promise<EurRates | null> {
  const latest = await FxRateModel.findOne({ date: { $lte: date } }, { date: 1 })
    .sort({ date: -1 })
    .lean<Pick<FxRateDoc, 'date'>>();
  if (!latest) return null;
  const docs = await FxRateModel.find({ date: latest.date }).lean<FxRateDoc[]>();
  return { date: latest.date, perEur: Object.fromEntries(docs.map((d) => [d.currency, d.perEur])), source: docs[0]?.source ?? '' };
}

/** Which days have rates, newest first (for `fx list`). */
export async function fxDays(limit = 30): Promise<Array<{ date: string; currencies: number; source: string }>> {
  const docs = await FxRateModel.find({}, { date: 1, source: 1 })
    .sort({ date: -1 })
    .limit(limit * 200)
    .lean<FxRateDoc[]>();
  const days = new Map<string, { date: string; currencies: number; source: string }>();
  for (const d of docs) {
    const day = days.get(d.date) ?? { date: d.date, currencies: 0, source: d.source };
    day.currencies++;
    days.set(d.date, day);
  }
  return [...days.values()].slice(0, limit);
}
