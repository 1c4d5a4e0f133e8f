import mongoose, { Schema, type Types } from 'mongoose';
import type { AlertFacts, Severity, Topic } from '../../domain/alerts/conditions.ts';
import type { RuleId } from '../../domain/alerts/rules.ts';

export const ALERT_STATES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
/** Not resolved: what people still have to see to. */
export const LIVE_STATES: AlertState[] = ['open', 'acknowledged', 'snoozed'];

/** One alert: opened when its condition appeared, open until acknowledged, snoozed or resolved. */
export interface AlertDoc {
  _id: Types.ObjectId;
  /** topic | supplier | subject | day opened (| occurrence after the first that day): created once, whoever evaluates. */
  dedupKey: string;
  /** topic | supplier | subject. */
  conditionKey: string;
  /** The condition key while the alert is not resolved (unique: one live alert per condition). */
  openKey?: string;
  /** What ends it: paying or approving, a dispute settled, lawful terms, an answer. */
  topic: Topic;
  /** The reason its headline names. */
  rule: RuleId;
  /** Every reason behind it (the list filters by any of them). */
  rules: RuleId[];
  supplierId: string;
  supplierName: string;
  severity: Severity;
  invoiceNumbers: string[];
  /** The latest figures behind it, one entry per reason (updated while it stays open). */
  facts: AlertFacts[];
  /** The supplier's harm score when last evaluated: the alerts page lists the most harmed first. */
  harmScore: number;
  /** A hash of facts, severity and invoices: an evaluation compares it instead of reading the figures. */
  fingerprint: string;
  openedOn: string;
  createdAt: Date;
  updatedAt: Date;
  state: AlertState;
  snoozedUntil?: string;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  resolvedAt?: Date;
  /** The day it went out in a digest (warnings only). */
  digestedOn?: string;
}

const schema = new Schema<AlertDoc>(
  {
    dedupKey: { type: String, required: true },
    conditionKey: { type: String, required: true },
    openKey: String,
    topic: { type: String, required: true },
    rule: { type: String, required: true },
    rules: { type: [String], default: [] },
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    severity: { type: String, enum: ['critical', 'warning'], required: true },
    invoiceNumbers: { type: [String], default: [] },
    facts: { type: Schema.Types.Mixed, required: true },
    harmScore: { type: Number, default: 0 },
    fingerprint: { type: String, required: true },
    openedOn: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    state: { type: String, enum: ALERT_STATES, required: true },
    snoozedUntil: String,
    acknowledgedAt: Date,
    acknowledgedBy: String,
    resolvedAt: Date,
    digestedOn: String,
  },
  { versionKey: false, minimize: false },
);

// Created once: a retried job or a second worker evaluating the same supplier finds it there.
schema.index({ dedupKey: 1 }, { unique: true });
// At most one live alert per condition; resolving removes openKey, so a comeback is a new alert.
schema.index({ openKey: 1 }, { unique: true, sparse: true });
// Evaluation: the live alerts of a batch of suppliers; a supplier's alerts on its page.
schema.index({ supplierId: 1, state: 1 });
// The list (API, CLI) by state, newest first, paged by id; the digest's open warnings; the alerts page's
// suppliers with live alerts.
schema.index({ state: 1, createdAt: -1 });

export const AlertModel = mongoose.model<AlertDoc>('Alert', schema, 'alerts');
