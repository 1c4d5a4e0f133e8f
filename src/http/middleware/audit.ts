/**
 * Every change made over HTTP goes into the audit trail: each request that is not a read (GET, HEAD,
 * OPTIONS; a read that changes something, the identity provider's callback, says so itself) and was
 * answered without an error, by whom (the user of the session, or the API token),
 * from which address, what (the route) and to what (the path, secrets replaced by a hash). A handler
 * says more where it knows more (`res.locals.audit`: the action in words, the target, the values
 * before and after, or `false` for a request that changed nothing, such as a preview), and records
 * a refused attempt worth keeping (a failed sign-in) by setting it on an error answer.
 *
 * The record is written when the answer is finished: the change is made and answered first, and a
 * record that cannot be written is logged as an error with what it would have said.
 */
import type { RequestHandler, Response } from 'express';
import type { AuditActor, AuditEntry } from '../../domain/audit/chain.ts';
import type { Logger } from '../../logger.ts';
import { audit } from '../../services/audit.ts';
import { redactUrl } from '../redact.ts';

export type AuditNote = Partial<Omit<AuditEntry, 'address' | 'status'>>;

declare module 'express-serve-static-core' {
  interface Locals {
    audit?: AuditNote | false;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Tells the audit trail what this request did, in words (merged with what is known already). */
export function noteAudit(res: Response, note: AuditNote): void {
  res.locals.audit = { ...(res.locals.audit || {}), ...note };
}

export function auditTrail(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const read = READS.has(req.method);
    res.once('finish', () => {
      const note = res.locals.audit;
      // A read is recorded only when its handler says it changed something (the sign-in callback).
      if (note === false || (!note && (read || res.statusCode >= 400))) return;
      const actor: AuditActor = req.principal
        ? { kind: 'token', id: req.principal.id, name: req.principal.name }
        : req.user
          ? { kind: 'user', id: String(req.user._id), name: req.user.email }
          : { kind: 'anonymous', id: '', name: '' };
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path;
      void audit(
        {
          actor,
          address: req.ip ?? '',
          action: `${req.method} ${route}`,
          target: redactUrl(req.originalUrl),
          status: res.statusCode,
          ...(note || {}),
        },
        logger,
      );
    });
    next();
  };
}
