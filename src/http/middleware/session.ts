/**
 * Web-app sessions, stored in Redis so that any API process serves any user. The cookie is HttpOnly,
 * SameSite=Lax, Secure (and __Host- prefixed) when PUBLIC_URL is https; a session ends after
 * SESSION_HOURS without a request, SESSION_MAX_HOURS after it started, and at once when its user is
 * disabled or signed out everywhere (checked on each request).
 */
import RedisStore from 'connect-redis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
import type { Role } from '../../persistence/tokens/token.model.ts';
import type { UserDoc } from '../../persistence/users/user.model.ts';
import { sessionEnded, sessionSeen, sessionStarted } from '../../services/user-sessions.ts';
import { activeUser } from '../../services/users.ts';
import type { PendingSignIn } from '../app/oidc-client.ts';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** When it was signed in (ms): it ends SESSION_MAX_HOURS later, whatever its use. */
    startedAt: number;
    /** When its use was last written to its user's list of sessions (ms). */
    seenAt: number;
    /** A sign-in through the identity provider under way (between its redirect and its callback). */
    oidc: PendingSignIn;
    /** The ID token of a sign-in through the identity provider: the hint for ending its session too. */
    oidcIdToken: string;
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
  const now = Date.now();
  req.session.userId = userId;
  req.session.startedAt = now;
  req.session.seenAt = now;
  await saveSession(req);
  await sessionStarted(req.sessionID, userId, req.ip ?? '', req.get('user-agent') ?? '', new Date(now));
}

/** Writes the session now, before the answer goes out (a redirect's next request reads it). */
export const saveSession = (req: Request): Promise<void> =>
  new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));

/** Ends this request's session (signing out). */
export async function endSession(req: Request): Promise<void> {
  const id = req.sessionID;
  await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  await sessionEnded(id);
}

/** Loads the signed-in user (if any) onto the request; a session past its time, or ended elsewhere, is signed out. */
export function loadUser(maxHours: number): RequestHandler {
  return async (req, _res, next) => {
    const id = req.session?.userId;
    if (id) {
      const u = await activeUser(id);
      const now = Date.now();
      // A session from before sessions kept their start counts from now.
      const started = (req.session.startedAt ??= now);
      const ended = !u || now - started > maxHours * 3_600_000 || (u.sessionsValidAfter && started <= u.sessionsValidAfter.getTime());
      if (ended) {
        delete req.session.userId;
        await sessionEnded(req.sessionID);
      } else {
        req.user = { _id: u._id, email: u.email, role: u.role };
        const seen = req.session.seenAt ?? started;
        if (now - seen >= 60_000) {
          req.session.seenAt = now;
          await sessionSeen(req.sessionID, new Date(seen), new Date(now));
        }
      }
    }
    next();
  };
}

/** A page for signed-in users (of these roles): others are sent to sign in, or refused. */
export function signedIn(onForbidden: (req: Request, res: Response) => void, ...roles: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    if (roles.length && !roles.includes(req.user.role)) return onForbidden(req, res);
    next();
  };
}
