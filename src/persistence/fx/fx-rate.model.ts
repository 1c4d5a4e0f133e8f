import mongoose, { Schema } from 'mongoose';

/** One day's rate of one currency: units per 1 EUR, as the ECB publishes it. */
export interface FxRateDoc {
  date: string;
  currency: string;
  perEur: string;
  source: string;
  addedAt: Date;
}

const schema = new Schema<FxRateDoc>(
  {
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    currency: { type: String, required: true, match: /^[A-Z]{3}$/ },
    perEur: { type: String, required: true, match: /^\d+(\.\d+)?$/ },
    source: { type: String, required: true },
    addedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// One rate per day and currency (re-importing a file replaces it).
schema.index({ date: 1, currency: 1 }, { unique: true });
// The latest day on or before a date: `date` descending.
schema.index({ date: -1 });

export const FxRateModel = mongoose.model<FxRateDoc>('FxRate', schema, 'fxRates');
