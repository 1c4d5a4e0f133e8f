/**
 * Whether sample data is loaded (`tijdig demo`), by whom and when. Pages read it on every request to
 * mark what they show as made up, so a process reuses its answer while the data version stands.
 */
import mongoose, { Schema } from 'mongoose';
import { dataVersion } from '../data-version/data-version.ts';

export interface SampleDataDoc {
  _id: 'sample';
  loadedAt: Date;
  loadedBy: string;
  suppliers: number;
  invoices: number;
}

const schema = new Schema<SampleDataDoc>(
  { _id: String, loadedAt: Date, loadedBy: String, suppliers: Number, invoices: Number },
  { versionKey: false },
);
export const SampleDataModel = mongoose.model<SampleDataDoc>('SampleData', schema, 'sampleData');

let kept: { version: number; info: Promise<SampleDataDoc | null> } | null = null;

/** The loaded sample data, or null. Loading and removing it bump the data version. */
export async function sampleDataInfo(): Promise<SampleDataDoc | null> {
  const version = await dataVersion();
  if (kept?.version !== version) kept = { version, info: SampleDataModel.findById('sample').lean<SampleDataDoc>().exec() };
  return kept.info;
}
