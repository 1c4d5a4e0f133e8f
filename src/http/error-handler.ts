import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sendErrorPage } from './pages/render.tsx';
import { redactUrl } from './redact.ts';
import { missingService, RETRY_AFTER_SECONDS, unavailable } from './unavailable.ts';

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } });
};

/** The one error path: known errors keep their status; anything else is a 500 with an id that is also in the log. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (given, req, res, _next) => {
    // A page (it went through the page router, which chose a language) answers with a page.
    const page = req.locale !== undefined;
    // A body still arriving (an upload refused half-way) is read to its end, so the client gets this
    // answer instead of a broken connection.
    if (!req.readableEnded) req.resume();
    const missing = missingService(given);
    const err = missing ? unavailable(missing) : given;
    if (err instanceof AppError && err.status === 503) {
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      log.warn({ code: err.code, method: req.method, path: redactUrl(req.path), cause: (given as Error).message }, 'service unavailable');
    }
    if (err instanceof AppError) {
      if (page) return sendErrorPage(req, res, err.status);
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      return;
    }
    // body-parser and friends signal client errors with a status.
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500) {
      if (page) sendErrorPage(req, res, status);
      else res.status(status).json({ error: { code: err.type ?? 'bad_request', message: err.message } });
      return;
    }
    const errorId = randomUUID();
    log.error({ err, errorId, method: req.method, path: redactUrl(req.path) }, 'unhandled error');
    if (page) sendErrorPage(req, res, 500, errorId);
    else res.status(500).json({ error: { code: 'internal', message: 'internal error; quote the error id when reporting it', errorId } });
  };
}
