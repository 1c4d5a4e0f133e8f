/** What every page of the web app shares: its header, its CSRF scope, its refusals. */
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import type { Entity } from '../../domain/entity.ts';
import { forbidden } from '../../errors.ts';
import { type EntityDirectory, entityDirectory } from '../../services/entities.ts';
import { type AppChrome, MessagePage } from '../../web/views/layout.tsx';
import { sendPage } from '../pages/render.tsx';
import { receiveFile } from '../uploads.ts';
import type { AppDeps } from './app-deps.ts';

export type Section = 'overview' | 'suppliers' | 'alerts' | 'imports' | 'runs' | 'reports' | 'admin' | 'account';

const SECTIONS: Array<{ section: Exclude<Section, 'account'>; href: string; roles?: string[] }> = [
  { section: 'overview', href: '/app' },
  { section: 'suppliers', href: '/app/suppliers' },
  { section: 'alerts', href: '/app/alerts' },
  { section: 'imports', href: '/app/imports', roles: ['admin', 'finance'] },
  { section: 'runs', href: '/app/payment-runs', roles: ['admin', 'finance'] },
  { section: 'reports', href: '/app/reports' },
  { section: 'admin', href: '/app/admin', roles: ['admin'] },
];

export function chrome(req: Request, res: Response, deps: AppDeps, current: Section): AppChrome {
  const user = req.user!;
  return {
    nav: SECTIONS.filter((s) => !s.roles || s.roles.includes(user.role)).map((s) => ({
      href: s.href,
      label: req.locale.t.app.nav[s.section],
      current: s.section === current,
    })),
    user: user.email,
    csrfToken: deps.csrf.token(req, res),
    sample: res.locals.sampleData ? { removable: user.role === 'admin' } : null,
  };
}

/** A signed-in page: never cached (it holds the organisation's figures). */
export function sendAppPage(res: Response, status: number, page: VNode): void {
  res.set('Cache-Control', 'no-store');
  sendPage(res, status, page);
}

export function sendForbidden(req: Request, res: Response): void {
  const t = req.locale.t.app.forbidden;
  sendAppPage(
    res,
    403,
    <MessagePage locale={req.locale} title={t.title} heading={t.heading} paragraphs={[t.body(req.user?.role ?? '')]} />,
  );
}

/** A local path to return to after signing in; anything else (another host) becomes /app. */
export const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/app');

/**
 * A form's one small file, its CSRF token checked before the file is read: the file, or the status
 * and the message to show beside the form's file field (what was left of the upload drained).
 */
export async function formFile(
  req: Request,
  deps: AppDeps,
  limitBytes: number,
  chooseAFile: string,
): Promise<{ file: { fileName: string; body: Buffer } } | { status: number; message: string }> {
  try {
    return {
      file: await receiveFile(req, limitBytes, (fields) => {
        req.body = fields;
        if (!deps.csrf.valid(req)) throw forbidden('the form had expired');
      }),
    };
  } catch (e) {
    const err = e as { status?: number; message: string };
    if (!err.status || err.status >= 500) throw e;
    req.resume();
    const message = err.status === 403 ? req.locale.t.errors.csrf : /choose a file/.test(err.message) ? chooseAFile : err.message;
    return { status: err.status, message };
  }
}

/** The group's entities, and the one a page's `?entity=` names (none when it names no entity of the group). */
export async function askedEntity(req: Request, deps: AppDeps): Promise<{ dir: EntityDirectory; entity: Entity | undefined }> {
  const dir = await entityDirectory(deps.org);
  const code = typeof req.query.entity === 'string' ? req.query.entity.trim().slice(0, 20) : '';
  return { dir, entity: code ? dir.get(code) : undefined };
}
