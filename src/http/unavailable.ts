/**
 * A service tijdig needs that does not answer: MongoDB (everything is stored there) or Redis (the
 * queues, sessions and shared rate limits). Such a failure is not the request's fault nor a bug: the
 * answer is 503 with Retry-After, never a 500, and it ends by itself when the service is back.
 */
import { AppError } from '../errors.ts';

export type Missing = 'database' | 'redis';

/** Seconds a client should wait before asking again (a restarted service is back within this). */
export const RETRY_AFTER_SECONDS = 30;

const MONGO_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);
const REDIS_MESSAGES =
  /Connection is closed|Stream isn't writeable|enableOfflineQueue|max retries per request|ECONNREFUSED|Command timed out/i;

/** Which service an error says is missing, or null when it is another error. */
export function missingService(err: unknown): Missing | null {
  if (!(err instanceof Error)) return null;
  if (MONGO_NAMES.has(err.name) || /buffering timed out/.test(err.message)) return 'database';
  if (err.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(err.message)) return 'redis';
  return null;
}

export function unavailable(missing: Missing): AppError {
  return new AppError(
    503,
    `${missing}_unavailable`,
    missing === 'database'
      ? `the database does not answer; try again in ${RETRY_AFTER_SECONDS} seconds`
      : `the job queue (Redis) does not answer, so this cannot be done now; try again in ${RETRY_AFTER_SECONDS} seconds`,
  );
}
