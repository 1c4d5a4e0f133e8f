import type { RequestHandler } from 'express';
import type { PageDeps } from '../pages/page-deps';

/** What the signed-in web app needs beyond the public pages. */
export interface AppDeps extends PageDeps {
  /** Express-session middleware (Redis-backed). */
  sessions: RequestHandler;
  uploadLimitBytes: number;
  /** Enqueues an import job for a stored upload. */
  enqueueImport: (importId: string) => Promise<void>;
  publicUrl: string;
  linkDays: number;
}
