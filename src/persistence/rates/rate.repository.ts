import { type RateFamily, type RateTable, type ReferenceRate, shippedTable, withRates } from '../../domain/rates/rate-table.ts';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { RateModel } from './rate.model.ts';

// The same table object while the stored rates are unchanged: interest and rate look-ups are
// remembered per table object, so a new object per call would throw that work away every time.
const lastTable = new Map<RateFamily, { signature: string; table: RateTable }>();

/** The shipped table of a family with the rates an admin added on top. */
export async function rateTable(family: RateFamily): Promise<RateTable> {
  const added = await RateModel.find({ family }, { _id: 0, from: 1, rate: 1, source: 1 }).sort({ from: 1 }).lean<ReferenceRate[]>();
  const signature = JSON.stringify(added);
  const last = lastTable.get(family);
  if (last && last.signature === signature) return last.table;
  const table = withRates(shippedTable(family), added);
  lastTable.set(family, { signature, table });
  return table;
}

export async function addRate(family: RateFamily, rate: ReferenceRate): Promise<void> {
  await RateModel.updateOne({ family, from: rate.from }, { $set: { ...rate, family, addedAt: new Date() } }, { upsert: true });
  await bumpDataVersion();
}
