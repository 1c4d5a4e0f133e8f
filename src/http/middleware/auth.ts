import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { forbidden, unauthorized } from '../../errors';
import type { Role } from '../../persistence/tokens/token.model';
import { findActiveToken } from '../../persistence/tokens/token.repository';

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

/** Every /api route needs `Authorization: Bearer <token>`; tokens are looked up by their hash. */
export const authenticate: RequestHandler = async (req: Request, _res: Response, next: NextFunction) => {
  const header = req.get('authorization');
  if (!header) throw unauthorized();
  const m = BEARER.exec(header);
  if (!m) throw unauthorized('malformed Authorization header: expected "Bearer <token>"');
  const principal = await findActiveToken(m[1]);
  if (!principal) throw unauthorized('the API token is not valid (unknown or revoked)');
  req.principal = principal;
  next();
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.principal?.role;
    if (!role || !roles.includes(role)) throw forbidden(`this needs the role ${roles.join(' or ')}; your token has ${role ?? 'none'}`);
    next();
  };
}
