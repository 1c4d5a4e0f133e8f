import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import type { PaymentDeps } from '../../services/payment-runs/deps.ts';
import type { PageDeps } from '../pages/page-deps.ts';
import type { OidcClient } from './oidc-client.ts';

/** What the signed-in web app needs beyond the public pages. */
export interface AppDeps extends PageDeps {
  /** Express-session middleware (Redis-backed). */
  sessions: RequestHandler;
  /** A session's idle and absolute lifetime (SESSION_HOURS, SESSION_MAX_HOURS). */
  sessionHours: { idle: number; max: number };
  /** Sign-in through the organisation's identity provider, when OIDC_ISSUER is set. */
  oidc: OidcClient | null;
  /** Whether people may sign in with a password (LOCAL_PASSWORDS). */
  localPasswords: boolean;
  /** Whether the sessions' Redis answers now. */
  sessionsUp: () => boolean;
  /** Whether an import can be queued now (the queues' Redis answers). */
  queueUp: () => boolean;
  uploadLimitBytes: number;
  /** How numbers and dates in uploads are read when a file does not tell (ORG_LOCALE). */
  importLocale: 'nl' | 'en-GB' | 'en-US';
  /** Enqueues an import job for a stored upload. */
  enqueueImport: (importId: string) => Promise<void>;
  publicUrl: string;
  linkDays: number;
  /** The organisation's settings as shown to admins: variable and value (no secrets). */
  settings: Array<[string, string]>;
  /** Starts a full recompute for a day (a BullMQ flow); resolves when it is enqueued. */
  startRecompute: (asOf: string) => Promise<void>;
  /** Recomputes these suppliers for today (their alerts follow); resolves when it is enqueued. */
  recomputeSuppliers: (supplierIds: string[]) => Promise<void>;
  /** The job queues, for Bull Board. */
  queues: Queue[];
  /** Payment runs and bank statements; null where this process cannot queue what they start. */
  payments: PaymentDeps | null;
  /** Loads sample data for today (`tijdig demo`'s service), by this user; its alerts go to the queue. */
  loadSampleData: (by: string) => Promise<void>;
}
