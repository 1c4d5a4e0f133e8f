import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { forbidden, tooManyRequests, unauthorized } from '../../errors.ts';
import type { Role } from '../../persistence/tokens/token.model.ts';
import { findActiveToken } from '../../persistence/tokens/token.repository.ts';
import { addressOf, type MissCounter } from './rate-limits.ts';

export interface Principal {
  /** The token's id (its rate limit counts per token). */
  id: string;
  name: string;
  role: Role;
  /** Requests a minute; null: the API default. */
  rateLimit: number | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

/**
 * Every /api route needs `Authorization: Bearer <token>`; tokens are looked up by their hash. Failed
 * attempts are counted per address (`guesses`): over its limit an address gets 429 for every further
 * failed attempt, so guessing learns nothing. A valid token never waits for that count.
 */
export function authenticate(guesses?: MissCounter): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const m = header ? BEARER.exec(header) : null;
    const principal = m ? await findActiveToken(m[1]) : null;
    if (principal) {
      req.principal = principal;
      return next();
    }
    if (guesses) {
      if (await guesses.blocked(addressOf(req)))
        throw tooManyRequests('too many requests with an invalid token from this address; wait 15 minutes');
      guesses.hit(addressOf(req));
    }
    if (!header) throw unauthorized();
    if (!m) throw unauthorized('malformed Authorization header: expected "Bearer <token>"');
    throw unauthorized('the API token is not valid (unknown or revoked)');
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.principal?.role;
    if (!role || !roles.includes(role)) throw forbidden(`this needs the role ${roles.join(' or ')}; your token has ${role ?? 'none'}`);
    next();
  };
}
