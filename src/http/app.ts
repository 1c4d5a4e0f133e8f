import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';
import { errorHandler, notFoundHandler } from './error-handler';
import { authenticate } from './middleware/auth';
import { adminRoutes } from './routes/admin';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { type ApiDeps, importRoutes } from './routes/imports';
import { reportRoutes } from './routes/reports';

export interface AppDeps {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** Without it only the health endpoints exist (used by tests of the bare app). */
  api?: ApiDeps;
}

/** Builds the express app without listening, so tests drive it with supertest. */
export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(express.json({ limit: '1mb' }));
  app.use(healthRoutes(deps.readiness));
  if (deps.api) {
    app.use('/api', rateLimit({ windowMs: 60_000, limit: 600, standardHeaders: 'draft-8', legacyHeaders: false }));
    app.use('/api/v1', authenticate, reportRoutes(deps.api.org), adminRoutes(deps.api), importRoutes(deps.api));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
