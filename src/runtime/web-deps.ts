/** What the HTTP layer needs beyond the API's core, from the configuration: links, pages, limits. */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { todayIn } from '../domain/dates.ts';
import type { AppDeps } from '../http/app/app-deps.ts';
import { OidcClient } from '../http/app/oidc-client.ts';
import { csrf } from '../http/middleware/csrf.ts';
import type { RateLimitDeps } from '../http/middleware/rate-limits.ts';
import { sessions } from '../http/middleware/session.ts';
import type { PageDeps } from '../http/pages/index.ts';
import type { PageAlerts } from '../http/pages/page-deps.ts';
import type { LinkDeps } from '../http/routes/status-links.ts';
import { sampleDataInfo } from '../persistence/sample-data/sample-data.ts';
import { OpenCounter } from '../persistence/status-links/open-counter.ts';
import { redisUp } from '../queues/connections.ts';
import type { OrgSettings } from '../services/org-settings.ts';
import type { PaymentDeps } from '../services/payment-runs/deps.ts';
import { loadSampleData, type SampleAlerts } from '../services/sample-data.ts';
import { StatusAccess } from '../services/status-access.ts';

/** The settings an admin sees (never SECRET_KEY or connection strings). */
const SHOWN_SETTINGS = [
  'ORG_NAME',
  'ORG_TIMEZONE',
  'ORG_BASE_CURRENCY',
  'ORG_REGIME',
  'ORG_IS_LARGE',
  'ORG_PAYMENT_TERMS_DAYS',
  'ORG_LOCALE',
  'PUBLIC_URL',
  'STATUS_LINK_DAYS',
  'STATUS_SHOW_LEGAL_LIMIT',
  'PUBLIC_PAYMENT_PRACTICES',
  'SESSION_HOURS',
  'SESSION_MAX_HOURS',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_ROLE_CLAIM',
  'OIDC_ROLE_MAP',
  'LOCAL_PASSWORDS',
  'UPLOAD_LIMIT_MB',
] as const satisfies ReadonlyArray<keyof Config>;

export interface WebDeps {
  links: LinkDeps;
  pages: PageDeps;
  /** The signed-in web app; present when a Redis connection for sessions was given. */
  webApp?: AppDeps;
  limits: RateLimitDeps;
  /** Writes the status-link openings counted so far. */
  flushOpens: () => Promise<void>;
  /** Stops counting, after writing what was counted. */
  close: () => Promise<void>;
}

export function webDeps(
  config: Config,
  org: OrgSettings,
  opts: {
    secret: string;
    redis?: Redis;
    today?: () => string;
    limitOverrides?: RateLimitDeps['overrides'];
    /** For the web app's uploads; `up`: whether the queue can take a job now. */
    imports?: { enqueue: (importId: string) => Promise<void>; uploadLimitBytes: number; up?: () => boolean };
    /** The job queues, shown to admins. */
    queues?: Queue[];
    /** Alerts: e-mail action links, the alerts page, supplier messages as alerts. */
    alerts?: PageAlerts;
    /** Starts a full recompute (the web app's button). */
    startRecompute?: (asOf: string) => Promise<void>;
    /** Recomputes some suppliers (after an invoice is approved or scheduled in the web app). */
    recomputeSuppliers?: (supplierIds: string[], asOf: string) => Promise<void>;
    /** The alerts queue, where sample data loaded from the web app hands its conditions and questions. */
    sampleAlerts?: SampleAlerts;
    /** Payment runs and bank statements. */
    payments?: PaymentDeps;
  },
): WebDeps {
  const secure = config.publicUrl.startsWith('https://');
  const limits: RateLimitDeps = { redis: opts.redis, prefix: config.QUEUE_PREFIX, overrides: opts.limitOverrides };
  const opens = new OpenCounter();
  const pages: PageDeps = {
    org,
    orgName: config.ORG_NAME ?? null,
    defaultLang: config.ORG_LOCALE === 'nl' ? 'nl' : 'en',
    secure,
    csrf: csrf(opts.secret, secure),
    limits,
    showLegalLimit: config.STATUS_SHOW_LEGAL_LIMIT,
    // Sample data comes with its published page, as an organisation that publishes would have it.
    practicesPublished: async () => config.PUBLIC_PAYMENT_PRACTICES || (await sampleDataInfo()) !== null,
    links: new StatusAccess(opens),
    today: opts.today ?? (() => todayIn(org.timezone)),
    alerts: opts.alerts,
  };
  const links = { publicUrl: config.publicUrl, linkDays: config.STATUS_LINK_DAYS };
  return {
    flushOpens: () => opens.flush(),
    close: () => opens.close(),
    links,
    limits,
    pages,
    webApp:
      opts.redis && opts.imports
        ? {
            ...pages,
            ...links,
            sessions: sessions({
              redis: opts.redis,
              prefix: config.QUEUE_PREFIX,
              secret: opts.secret,
              secure,
              hours: config.SESSION_HOURS,
            }),
            sessionHours: { idle: config.SESSION_HOURS, max: config.SESSION_MAX_HOURS },
            oidc: config.OIDC_ISSUER
              ? new OidcClient(
                  {
                    issuer: config.OIDC_ISSUER,
                    clientId: config.OIDC_CLIENT_ID as string,
                    clientSecret: config.OIDC_CLIENT_SECRET,
                    roleClaim: config.OIDC_ROLE_CLAIM,
                    roleMap: config.OIDC_ROLE_MAP,
                    name: config.OIDC_NAME,
                  },
                  `${config.publicUrl}/sign-in/oidc/callback`,
                  `${config.publicUrl}/sign-in?done=out`,
                )
              : null,
            localPasswords: config.LOCAL_PASSWORDS,
            sessionsUp: () => (opts.redis ? redisUp(opts.redis) : false),
            queueUp: opts.imports.up ?? (() => true),
            uploadLimitBytes: opts.imports.uploadLimitBytes,
            importLocale: config.ORG_LOCALE,
            enqueueImport: opts.imports.enqueue,
            queues: opts.queues ?? [],
            startRecompute: opts.startRecompute ?? (async () => {}),
            recomputeSuppliers: async (ids) => opts.recomputeSuppliers?.(ids, pages.today()),
            payments: opts.payments ?? null,
            loadSampleData: async (by) => {
              if (!opts.sampleAlerts) throw new Error('no alerts queue to hand sample data to');
              await loadSampleData({ org, today: pages.today(), by, alerts: opts.sampleAlerts });
            },
            // PUBLIC_URL as in force (derived from HOST and PORT when unset).
            settings: SHOWN_SETTINGS.map((name) => [name, name === 'PUBLIC_URL' ? config.publicUrl : String(config[name] ?? '—')]),
          }
        : undefined,
  };
}
