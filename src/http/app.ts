import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { todayIn } from '../domain/dates.ts';
import { tooManyRequests } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AlertDeps } from '../services/alerts/alert-deps.ts';
import { appRoutes, type AppDeps as WebAppDeps } from './app/index.ts';
import { notModified } from './conditional.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { type MetricsDeps, metrics } from './metrics.ts';
import { auditTrail } from './middleware/audit.ts';
import { authenticate } from './middleware/auth.ts';
import { LIMITS, limiter, missCounter, type RateLimitDeps } from './middleware/rate-limits.ts';
import { requestLog } from './middleware/request-log.ts';
import { type PageDeps, pageRoutes } from './pages/index.ts';
import { adminRoutes } from './routes/admin.ts';
import { alertRoutes } from './routes/alerts.ts';
import { auditRoutes } from './routes/audit.ts';
import { entityRoutes } from './routes/entities.ts';
import { fxRoutes } from './routes/fx-rates.ts';
import { healthRoutes, type ReadinessCheck } from './routes/health.ts';
import { type ApiDeps, importRoutes } from './routes/imports.ts';
import { paymentRunRoutes } from './routes/payment-runs.ts';
import { reportRoutes } from './routes/reports.ts';
import { type LinkDeps, statusLinkRoutes } from './routes/status-links.ts';

export interface AppDeps {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** Without it only the health endpoints exist (used by tests of the bare app). */
  api?: ApiDeps & LinkDeps & { alerts?: AlertDeps };
  /** The web pages (status page, look-up, published payment practices). */
  pages?: PageDeps;
  /** The signed-in web app (needs `pages`). */
  webApp?: WebAppDeps;
  /** Where rate limits count (shared by every API process through Redis). */
  limits?: RateLimitDeps;
  /** GET /metrics (Prometheus). */
  metrics?: MetricsDeps;
  /** false: requests are not recorded in the audit trail (AUDIT_ENABLED, for measuring what it costs). */
  audit?: boolean;
}

const OPENAPI = path.join(import.meta.dirname, '../../docs/openapi.yaml');

/** Builds the express app without listening, so tests drive it with supertest. */
export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  const measured = deps.metrics ? metrics(deps.metrics) : null;
  if (measured) app.use(measured.observe);
  app.use(requestLog(deps.logger));
  if (deps.api) {
    // The contract, for anyone (it holds no data): the tests check every API answer against it.
    app.get('/api/v1/openapi.yaml', (_req, res) => res.type('application/yaml').sendFile(OPENAPI));
    const limits = deps.limits ?? { prefix: 'local' };
    // Guessing tokens is limited per address (counted when a token fails); the calls of a valid token, per token.
    const guesses = missCounter('apiAuth', limits);
    const perToken = limiter('api', limits, {
      keyGenerator: (req) => `token:${req.principal?.id ?? 'none'}`,
      limit: (req) => req.principal?.rateLimit ?? deps.limits?.overrides?.api ?? LIMITS.api.limit,
      // The API's error body, from the one error handler.
      handler: (_req, _res, next) =>
        next(tooManyRequests('too many requests for this token; wait a minute (RateLimit headers say how long)')),
    });
    const { timezone } = deps.api.org;
    // First, before bodies are read: who is calling, within their limit; a conditional GET for data
    // that has not changed is answered here.
    app.use(
      '/api/v1',
      authenticate(guesses),
      perToken,
      notModified(() => todayIn(timezone)),
    );
  }
  if (deps.audit !== false) app.use(auditTrail(deps.logger));
  // JSON bodies are the API's; pages read their own form bodies.
  app.use('/api', express.json({ limit: '1mb' }));
  app.use(healthRoutes(deps.readiness));
  if (measured) app.use(measured.routes);
  if (deps.api) {
    app.use(
      '/api/v1',
      reportRoutes(deps.api.org),
      entityRoutes(deps.api.org),
      adminRoutes(deps.api),
      importRoutes(deps.api),
      statusLinkRoutes(deps.api),
      paymentRunRoutes(deps.api.org, deps.api.payments, deps.api.uploadLimitBytes),
      fxRoutes(),
      auditRoutes(),
      ...(deps.api.alerts ? [alertRoutes(deps.api.alerts, deps.api.org)] : []),
    );
  }
  if (deps.pages) app.use(pageRoutes(deps.pages, deps.webApp ? appRoutes(deps.webApp) : undefined));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
