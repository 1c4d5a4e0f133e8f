import mongoose, { Schema } from 'mongoose';
import type { SupplierHealth } from '../../domain/supplier-health.ts';

/** One supplier's health on one as-of date; kept per day for trends. Money inside is minor units. */
export interface SnapshotDoc {
  supplierId: string;
  asOf: string;
  harmScore: number;
  /** Sort and search keys of the ranking (absent on snapshots made before they existed: recompute). */
  overdueBase?: number;
  maxDaysOverdue?: number;
  nameKey?: string;
  searchKey?: string;
  health: SupplierHealth;
  computedAt: Date;
}

const schema = new Schema<SnapshotDoc>(
  {
    supplierId: { type: String, required: true },
    asOf: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    harmScore: { type: Number, required: true },
    overdueBase: Number,
    maxDaysOverdue: Number,
    nameKey: String,
    searchKey: String,
    health: { type: Schema.Types.Mixed, required: true },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

// Upsert of a recompute, and one supplier's trend (prefix supplierId).
schema.index({ supplierId: 1, asOf: 1 }, { unique: true });
// The harm ranking of one day, and its other sorts (see RANKING_SORTS in the repository).
schema.index({ asOf: 1, harmScore: -1 });
schema.index({ asOf: 1, overdueBase: -1 });
schema.index({ asOf: 1, maxDaysOverdue: -1 });
schema.index({ asOf: 1, nameKey: 1 });

export const SnapshotModel = mongoose.model<SnapshotDoc>('Snapshot', schema, 'snapshots');

/**
 * A past day's organisation-wide totals, kept once computed (the overview's trend would otherwise
 * read every supplier's snapshot of every day), or that it had none. Removed whenever snapshots of
 * that day are saved.
 */
export interface DayTotalsDoc {
  /** The as-of date. */
  _id: string;
  overdue: Record<string, number>;
  ageing: Record<string, unknown>;
  harmed: number;
  /** Set (and nothing else) for a day that had no snapshots. */
  none?: boolean;
}

const dayTotalsSchema = new Schema<DayTotalsDoc>(
  { _id: String, overdue: Schema.Types.Mixed, ageing: Schema.Types.Mixed, harmed: Number, none: Boolean },
  { versionKey: false, minimize: false },
);

export const DayTotalsModel = mongoose.model<DayTotalsDoc>('DayTotals', dayTotalsSchema, 'dayTotals');
