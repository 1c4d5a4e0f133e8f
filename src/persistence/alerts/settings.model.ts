import mongoose, { Schema } from 'mongoose';

/** The organisation's alert rule settings: one document. */
export interface AlertSettingsDoc {
  _id: string;
  rules: Record<string, Record<string, unknown>>;
  updatedAt: Date;
  updatedBy: string;
}

const settingsSchema = new Schema<AlertSettingsDoc>(
  { _id: String, rules: Schema.Types.Mixed, updatedAt: Date, updatedBy: String },
  { versionKey: false, minimize: false },
);

export const AlertSettingsModel = mongoose.model<AlertSettingsDoc>('AlertSettings', settingsSchema, 'alertSettings');
