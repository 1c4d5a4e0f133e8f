/**
 * Web-app sessions, stored in Redis so that any API process serves any user. The cookie is HttpOnly,
 * SameSite=Lax, Secure (and __Host- prefixed) when PUBLIC_URL is https; a session ends after
 * SESSION_HOURS without a request, and at once when its user is disabled (checked on each request).
 */
import RedisStore from 'connect-redis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
import type { Role } from '../../persistence/tokens/token.model.ts';
import type { UserDoc } from '../../persistence/users/user.model.ts';
import { activeUser } from '../../services/users.ts';

declare module 'express-session' {
  interface SessionData {
    userId: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: Pick<UserDoc, '_id' | 'email' | 'role'>;
  }
}

export interface SessionDeps {
  redis: Redis;
  prefix: string;
  secret: string;
  secure: boolean;
  hours: number;
}

export function sessions(d: SessionDeps): RequestHandler {
  return session({
    store: new RedisStore({ client: d.redis, prefix: `${d.prefix}:sess:`, ttl: d.hours * 3600 }),
    name: d.secure ? '__Host-tijdig.sid' : 'tijdig.sid',
    secret: d.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: d.secure, maxAge: d.hours * 3_600_000, path: '/' },
  });
}

/**
 * Signs a user in on this request: a new session id (an id planted before cannot be carried into
 * the signed-in session), holding the user, saved before the answer goes out.
 */
export async function startSession(req: Request, userId: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  req.session.userId = userId;
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}

/** Loads the signed-in user (if any) onto the request. */
export const loadUser: RequestHandler = async (req, _res, next) => {
  const id = req.session?.userId;
  if (id) {
    const u = await activeUser(id);
    if (u) req.user = { _id: u._id, email: u.email, role: u.role };
    else delete req.session.userId;
  }
  next();
};

/** A page for signed-in users (of these roles): others are sent to sign in, or refused. */
export function signedIn(onForbidden: (req: Request, res: Response) => void, ...roles: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    if (roles.length && !roles.includes(req.user.role)) return onForbidden(req, res);
    next();
  };
}
