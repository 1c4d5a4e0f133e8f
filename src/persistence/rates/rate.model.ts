import mongoose, { Schema } from 'mongoose';
import type { RateFamily, ReferenceRate } from '../../domain/rates/rate-table.ts';

/** Reference rates an admin added after the shipped table (`tijdig rates add`). */
export interface RateDoc extends ReferenceRate {
  family: RateFamily;
  addedAt: Date;
}

const schema = new Schema<RateDoc>(
  {
    family: { type: String, enum: ['EU', 'UK'], required: true },
    from: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    rate: { type: String, required: true, match: /^\d{1,2}\.\d{2}$/ },
    source: { type: String, required: true },
    addedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// One rate per family and reference date; loading a family's table.
schema.index({ family: 1, from: 1 }, { unique: true });

export const RateModel = mongoose.model<RateDoc>('ReferenceRate', schema, 'referenceRates');
