import { type RateFamily, type RateTable, type ReferenceRate, shippedTable, withRates } from '../../domain/rates/rate-table';
import { RateModel } from './rate.model';

/** The shipped table of a family with the rates an admin added on top. */
export async function rateTable(family: RateFamily): Promise<RateTable> {
  const added = await RateModel.find({ family }, { _id: 0, from: 1, rate: 1, source: 1 }).sort({ from: 1 }).lean<ReferenceRate[]>();
  return withRates(shippedTable(family), added);
}

export async function addRate(family: RateFamily, rate: ReferenceRate): Promise<void> {
  await RateModel.updateOne({ family, from: rate.from }, { $set: { ...rate, family, addedAt: new Date() } }, { upsert: true });
}
