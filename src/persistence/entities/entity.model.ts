import mongoose, { Schema } from 'mongoose';
import type { Entity } from '../../domain/entity.ts';

/** A legal entity of the group; the default entity is not stored unless a file gives its code. */
export interface EntityDoc extends Entity {
  /** The code in upper case: codes are compared without case ("uk1" in an invoice file is UK1). */
  key: string;
  updatedBy: string;
  updatedAt: Date;
}

const schema = new Schema<EntityDoc>(
  {
    key: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    country: { type: String, required: true, match: /^[A-Z]{2}$/ },
    regime: { type: String, required: true, enum: ['NL', 'EU', 'UK'] },
    locale: { type: String, required: true },
    isLarge: { type: Boolean, required: true },
    paymentTermsDays: { type: Number, required: true, min: 0 },
    financialYearStart: { type: String, required: true, match: /^\d{2}-\d{2}$/ },
    financialYears: { type: [{ _id: false, from: String, to: String }], default: [] },
    baseCurrency: { type: String, required: true, match: /^[A-Z]{3}$/ },
    timezone: { type: String, required: true },
    registrationNumber: { type: String, default: null },
    vatNumber: { type: String, default: null },
    iban: { type: String, default: null },
    bic: { type: String, default: null },
    statements: { type: Schema.Types.Mixed, default: {} },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

schema.index({ key: 1 }, { unique: true });

export const EntityModel = mongoose.model<EntityDoc>('Entity', schema, 'entities');
