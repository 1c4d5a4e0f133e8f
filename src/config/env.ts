/**
 * The one place configuration comes from. Validated once at boot; a bad value stops the process
 * with a message naming the variable.
 */
import path from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isValidBic, isValidIban, normalizeIban } from '../domain/iban.ts';

const port = z.coerce.number().int().min(0).max(65535);
/** "true"/"false" from the environment (or a boolean, from code and tests). */
const boolFlag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ message: 'must be true or false' }));

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
  /** Organisation-wide totals are also shown converted into this currency once exchange rates exist. */
  REPORTING_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .default('EUR'),
  /** Late-payment regime: NL (EU directive with yearly compounding, default), EU (no compounding) or UK. */
  ORG_REGIME: z.enum(['NL', 'EU', 'UK']).default('NL'),
  /** Whether the organisation is a large enterprise (the Dutch 30-day SME rule applies only then). */
  ORG_IS_LARGE: boolFlag.default(true),
  ORG_PAYMENT_TERMS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** The code of the default legal entity: invoices whose file names no entity belong to it. */
  ORG_ENTITY_CODE: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/, 'must be 1–20 letters, digits, dots, dashes or underscores')
    .default('MAIN'),
  /** The organisation's name, shown to suppliers on their status page and the public payment-practice page. */
  ORG_NAME: z.string().min(1).max(120).optional(),
  /** The organisation's bank account, where payment runs pay from (the SEPA file's debtor, the statements' account). */
  ORG_IBAN: z
    .string()
    .transform(normalizeIban)
    .refine(isValidIban, 'must be an IBAN whose check digits match, such as NL91ABNA0417164300')
    .optional(),
  /** Its bank's BIC, when the bank asks for it in SEPA files (most do not). */
  ORG_BIC: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine(isValidBic, 'must be a BIC of 8 or 11 letters and digits, such as ABNANL2A')
    .optional(),
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
  /**
   * A folder the worker imports every file put there from (CSV, Excel, e-invoices; supplier files in
   * its suppliers/ folder), moving each to done/ or failed/ with a report. Unset: no folder is watched.
   */
  IMPORT_WATCH_DIR: z.string().min(1).optional(),
  /** false: the API records no request in the audit trail (only to measure what the trail costs: bench/audit.ts). */
  AUDIT_ENABLED: boolFlag.default(true),
  /** How long audit-trail records are kept (default seven years); older ones are removed daily. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(2557),
  /** How often the watched folder is looked at. */
  IMPORT_WATCH_SECONDS: z.coerce.number().positive().max(3600).default(10),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Where users reach tijdig; status links are built on it. Unset: http://HOST:PORT. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+(\/[^\s]*)?$/, 'must be an http(s) URL such as https://tijdig.example.org')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * Signs CSRF tokens (and later sessions); every API process must share it. Unset outside production:
   * generated once into TIJDIG_DATA_DIR/secret-key.
   */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  /** A web-app session ends after this many hours without a request. */
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  /** A web-app session ends this many hours after it started, however much it is used. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  /** Sign-in through the organisation's identity provider (OpenID Connect): its issuer URL. */
  OIDC_ISSUER: z
    .string()
    .regex(/^https?:\/\/\S+$/, "must be the identity provider's issuer URL, such as https://login.example.org/realms/acme")
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Unset for a public client (PKCE only). */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The ID token claim that carries the user's groups or roles. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  /**
   * Which claim values give which tijdig role: "group=role" pairs separated by commas (roles admin,
   * finance, procurement). Unset: values that are role names themselves.
   */
  OIDC_ROLE_MAP: z
    .string()
    .regex(
      /^\s*[^=,]+=\s*(admin|finance|procurement)\s*(,\s*[^=,]+=\s*(admin|finance|procurement)\s*)*$/,
      'must be group=role pairs separated by commas, roles admin, finance or procurement',
    )
    .optional(),
  /** What the sign-in button calls the identity provider. */
  OIDC_NAME: z.string().min(1).max(60).default('single sign-on'),
  /** false: no password sign-in (only the identity provider); needs OIDC_ISSUER. */
  LOCAL_PASSWORDS: boolFlag.default(true),
  /** A bearer token only for scraping GET /metrics (otherwise an admin API token is needed). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How long a new status link works unless told otherwise. */
  STATUS_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Whether a supplier's status page states the legal limit when its agreed term is longer. */
  STATUS_SHOW_LEGAL_LIMIT: boolFlag.default(true),
  /** Whether /payment-practices publishes the organisation's own payment-practice figures. */
  PUBLIC_PAYMENT_PRACTICES: boolFlag.default(false),
  /** Where alert e-mail goes out (smtp:// or smtps://, with user:password@ when the server needs it). Unset: no e-mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL such as smtp://mail.example.org:587')
    .optional(),
  /** The From of alert e-mail. */
  ALERT_FROM: z.string().min(3).default('tijdig <tijdig@localhost>'),
  /**
   * Who receives every alert: e-mail addresses separated by commas, each optionally prefixed with its
   * language (nl: or en:; otherwise ORG_LOCALE's). A supplier's owner (import column ownerEmail) gets its own.
   */
  ALERT_RECIPIENTS: z
    .string()
    .default('')
    .refine(
      (v) => v.split(',').every((e) => e.trim() === '' || /^((nl|en):)?[^\s@,:]+@[^\s@,]+\.[^\s@,]+$/.test(e.trim())),
      'must be e-mail addresses separated by commas, each optionally prefixed with nl: or en:',
    ),
  /** false: recomputes work out no alert conditions and no alert is opened or sent (the benchmark's baseline). */
  ALERTS_ENABLED: boolFlag.default(true),
  /** When the daily digest of warnings goes out, HH:MM in ORG_TIMEZONE. */
  ALERT_DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM such as 08:00')
    .default('08:00'),
});

export type Config = z.infer<typeof schema> & { dataDir: string; publicUrl: string };

/** Every variable tijdig reads (the README's configuration table lists each; a test checks it). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

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
  const c = parsed.data;
  if (c.OIDC_ISSUER && !c.OIDC_CLIENT_ID)
    throw new ConfigError('invalid configuration:\n  OIDC_CLIENT_ID: required with OIDC_ISSUER (got undefined)');
  if (!c.LOCAL_PASSWORDS && !c.OIDC_ISSUER)
    throw new ConfigError('invalid configuration:\n  LOCAL_PASSWORDS: false needs OIDC_ISSUER, or nobody could sign in (got false)');
  if (c.NODE_ENV === 'production' && !c.SECRET_KEY)
    throw new ConfigError('invalid configuration:\n  SECRET_KEY: required in production, shared by every API process (got undefined)');
  return { ...c, dataDir: path.resolve(c.TIJDIG_DATA_DIR), publicUrl: c.PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}` };
}
