/**
 * The one place configuration comes from. Validated once at boot; a bad value stops the process
 * with a message naming the variable.
 */
import path from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** Real MongoDB. Unset: the embedded server is started in-process with its data in TIJDIG_DATA_DIR/db. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Unset: 127.0.0.1:6379 if it answers, otherwise a redis-server spawned with its data in TIJDIG_DATA_DIR/redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  TIJDIG_DATA_DIR: z.string().min(1).default('./data'),
  /** Port of the embedded MongoDB server when tijdig runs it in-process (0: any free port). */
  EMBEDDED_DB_PORT: port.default(0),
  ORG_TIMEZONE: z
    .string()
    .default('Europe/Amsterdam')
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Amsterdam'),
  ORG_BASE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .default('EUR'),
  /** Late-payment regime: NL (EU directive with yearly compounding, default), EU (no compounding) or UK. */
  ORG_REGIME: z.enum(['NL', 'EU', 'UK']).default('NL'),
  /** Whether the organisation is a large enterprise (the Dutch 30-day SME rule applies only then). */
  ORG_IS_LARGE: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  ORG_PAYMENT_TERMS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** How numbers and dates in uploads are read when the file itself does not tell. */
  ORG_LOCALE: z.enum(['nl', 'en-GB', 'en-US']).default('nl'),
  /** How long a worker holds a job before another may take it over when the worker died. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every Redis key and queue tijdig uses; tests give each run its own. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('tijdig'),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().default(200),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset": docker-compose and shells produce them for blank variables.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`,
    );
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.TIJDIG_DATA_DIR) };
}
