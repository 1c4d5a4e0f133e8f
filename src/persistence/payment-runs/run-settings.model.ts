import mongoose, { Schema } from 'mongoose';

/** How the organisation runs its payment runs (admins set it): one document. */
export interface RunSettingsDoc {
  _id: string;
  /** Approvals a run needs, each by someone other than its drafter: 1 or 2. */
  approvers: 1 | 2;
  /** One transfer per supplier, or one per invoice. */
  grouping: 'supplier' | 'invoice';
  /** When suppliers get their remittance advice: when the run is exported, or once the bank statement confirms it. */
  remittanceOn: 'export' | 'statement';
  updatedAt?: Date;
  updatedBy?: string;
}

export const RUN_SETTINGS_DEFAULTS: Omit<RunSettingsDoc, '_id'> = { approvers: 1, grouping: 'supplier', remittanceOn: 'export' };

const schema = new Schema<RunSettingsDoc>(
  {
    _id: String,
    approvers: { type: Number, enum: [1, 2], required: true },
    grouping: { type: String, enum: ['supplier', 'invoice'], required: true },
    remittanceOn: { type: String, enum: ['export', 'statement'], required: true },
    updatedAt: Date,
    updatedBy: String,
  },
  { versionKey: false },
);

const RunSettingsModel = mongoose.model<RunSettingsDoc>('RunSettings', schema, 'paymentRunSettings');

export async function runSettings(): Promise<RunSettingsDoc> {
  const doc = await RunSettingsModel.findById('settings').lean<RunSettingsDoc>();
  return { _id: 'settings', ...RUN_SETTINGS_DEFAULTS, ...(doc ?? {}) };
}

export async function saveRunSettings(s: Omit<RunSettingsDoc, '_id' | 'updatedAt' | 'updatedBy'>, by: string): Promise<void> {
  await RunSettingsModel.updateOne(
    { _id: 'settings' },
    { $set: { ...s, updatedAt: new Date(), updatedBy: by } },
    { upsert: true, runValidators: true },
  );
}
