/**
 * CSRF protection for forms: a signed double-submit token (csrf-csrf). The token in the form must
 * match the cookie, and both are bound to a scope: the status link a form belongs to, or the public
 * look-up, so a token taken from one page does not work on another.
 */
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    csrfScope?: string;
  }
}

export interface Csrf {
  token: (req: Request, res: Response) => string;
  valid: (req: Request) => boolean;
}

export function csrf(secret: string, secure: boolean): Csrf {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.csrfScope ?? '',
    // The __Host- prefix needs https; plain http (development, tests) uses a plain name.
    cookieName: secure ? '__Host-tijdig.csrf' : 'tijdig.csrf',
    cookieOptions: { sameSite: 'strict', path: '/', secure, httpOnly: true },
    getCsrfTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined),
  });
  return { token: (req, res) => generateCsrfToken(req, res), valid: (req) => validateRequest(req) };
}
