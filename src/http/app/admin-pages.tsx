/** Administration (admins only): users, API tokens, reference rates, the settings, the job queues. */
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import helmet from 'helmet';
import { isCalendarDate } from '../../domain/dates.ts';
import { isReferenceDate, lackingRates, type RateFamily } from '../../domain/rates/rate-table.ts';
import { AppError } from '../../errors.ts';
import { onFirstUse } from '../../lazy.ts';
import { runSettings, saveRunSettings } from '../../persistence/payment-runs/run-settings.model.ts';
import { addRate, rateTable } from '../../persistence/rates/rate.repository.ts';
import { ROLES, type Role } from '../../persistence/tokens/token.model.ts';
import { createToken, listTokens, revokeToken } from '../../persistence/tokens/token.repository.ts';
import { type AuditFilter, auditCsv, listAudit } from '../../services/audit.ts';
import { signOutEverywhere } from '../../services/user-sessions.ts';
import { createUser, disableUser, listUsers, resetPasswordLink } from '../../services/users.ts';
import { text } from '../../web/forms/fields.ts';
import { AdminPage } from '../../web/views/app/admin-page.tsx';
import { AuditPage } from '../../web/views/app/audit-page.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { noteAudit } from '../middleware/audit.ts';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

const roleOf = (v: string): Role => ((ROLES as readonly string[]).includes(v) ? (v as Role) : 'procurement');

/** The audit page's filters as typed (`filter`), what is searched for (`f`), and the dates that are not dates (`bad`). */
function auditFilterOf(req: Request): {
  filter: Record<'action' | 'actor' | 'from' | 'to', string>;
  f: AuditFilter;
  bad: Array<'from' | 'to'>;
} {
  const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string).trim().slice(0, 254) : '');
  const filter = { action: q('action'), actor: q('actor'), from: q('from'), to: q('to') };
  const bad = (['from', 'to'] as const).filter((k) => filter[k] && !isCalendarDate(filter[k]));
  const f: AuditFilter = Object.fromEntries(Object.entries(filter).filter(([k, v]) => v && !(bad as string[]).includes(k)));
  return { filter, f, bad };
}

export function adminPages(deps: AppDeps): Router {
  const r = Router();
  const admins = signedIn(sendForbidden, 'admin');
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  const at = (req: Request, d?: Date | null) => (d ? req.locale.instant(d, deps.org.timezone) : req.locale.t.status.none);

  async function page(
    req: Request,
    res: Response,
    status: number,
    errors: FieldError[],
    shownOnce: { label: string; value: string } | null,
  ) {
    const t = req.locale.t.app.admin;
    const [users, tokens, eu, uk, runs] = await Promise.all([listUsers(), listTokens(), rateTable('EU'), rateTable('UK'), runSettings()]);
    sendAppPage(
      res,
      status,
      <AdminPage
        locale={req.locale}
        app={chrome(req, res, deps, 'admin')}
        errors={errors}
        shownOnce={shownOnce}
        users={users.map((u) => ({
          id: String(u._id),
          email: u.email,
          role: u.role,
          state: u.disabledAt ? t.disabled : t.active,
          lastSignIn: at(req, u.lastSignInAt),
          active: !u.disabledAt,
        }))}
        tokens={tokens.map((k) => ({
          id: String(k._id),
          name: k.name,
          role: k.role,
          created: at(req, k.createdAt),
          lastUsed: at(req, k.lastUsedAt),
          revoked: !!k.revokedAt,
        }))}
        rates={[...eu.rates.map((x) => ({ ...x, family: 'EU' })), ...uk.rates.map((x) => ({ ...x, family: 'UK' }))]
          .sort((a, b) => (a.from < b.from ? 1 : -1))
          .map((x) => ({ family: x.family, from: req.locale.date(x.from), rate: `${x.rate}%`, source: x.source }))}
        lackingRates={[eu, uk].flatMap((table) =>
          lackingRates(table, deps.today()).map((x) =>
            (x.coming ? t.lackingComing : t.lackingInUse)(table.family, req.locale.date(x.date)),
          ),
        )}
        settings={deps.settings.map(([label, value]) => ({ label, value }))}
        runSettings={{ approvers: runs.approvers, grouping: runs.grouping, remittanceOn: runs.remittanceOn }}
        roles={ROLES}
      />,
    );
  }

  // Every form here changes something: each checks the session's CSRF token first.
  const checked =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      if (!deps.csrf.valid(req)) return page(req, res, 403, [{ field: 'email', message: req.locale.t.errors.csrf }], null);
      await handler(req, res);
    };

  r.get('/app/admin', admins, (req, res) => page(req, res, 200, [], null));

  r.get('/app/admin/audit', admins, async (req, res) => {
    const t = req.locale.t.app.audit;
    const { filter, f, bad } = auditFilterOf(req);
    const errors: FieldError[] = bad.map((k) => ({ field: k, message: t.badDate }));
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : '';
    let page: Awaited<ReturnType<typeof listAudit>>;
    try {
      page = await listAudit(f, 50, cursor || undefined);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      page = await listAudit(f, 50);
    }
    const params = new URLSearchParams(f as Record<string, string>);
    // Nothing before (a user just made) or after reads as a dash, not as JSON's null.
    const shown = (v: unknown) => (v === undefined || v === null ? '—' : JSON.stringify(v));
    const change = (r: { before?: unknown; after?: unknown }) =>
      r.before === undefined && r.after === undefined ? '' : `${shown(r.before)} → ${shown(r.after)}`;
    sendAppPage(
      res,
      errors.length ? 400 : 200,
      <AuditPage
        locale={req.locale}
        app={chrome(req, res, deps, 'admin')}
        errors={errors}
        filter={filter}
        rows={page.items.map((r) => ({
          seq: req.locale.number(r.seq),
          at: req.locale.instant(new Date(r.at), deps.org.timezone),
          actor: r.actor.name ? `${r.actor.name} (${r.actor.kind})` : r.actor.kind,
          address: r.address,
          action: r.action,
          target: r.target,
          change: change(r),
        }))}
        nextHref={
          page.nextCursor ? `/app/admin/audit?${new URLSearchParams({ ...Object.fromEntries(params), cursor: page.nextCursor })}` : null
        }
        csvHref={`/app/admin/audit.csv${params.size ? `?${params}` : ''}`}
      />,
    );
  });

  r.get('/app/admin/audit.csv', admins, async (req, res) => {
    res
      .type('text/csv')
      .attachment('audit.csv')
      .send(await auditCsv(auditFilterOf(req).f));
  });

  r.post(
    '/app/admin/payment-runs',
    admins,
    form,
    checked(async (req, res) => {
      const approvers = text(req.body, 'approvers') === '2' ? 2 : 1;
      const grouping = text(req.body, 'grouping') === 'invoice' ? 'invoice' : 'supplier';
      const remittanceOn = text(req.body, 'remittanceOn') === 'statement' ? 'statement' : 'export';
      const { approvers: a, grouping: g, remittanceOn: o } = await runSettings();
      await saveRunSettings({ approvers, grouping, remittanceOn }, req.user?.email ?? 'unknown');
      noteAudit(res, {
        action: 'payment-run settings changed',
        target: 'payment runs',
        before: { approvers: a, grouping: g, remittanceOn: o },
        after: { approvers, grouping, remittanceOn },
      });
      await page(req, res, 200, [], null);
    }),
  );

  r.post(
    '/app/admin/users',
    admins,
    form,
    checked(async (req, res) => {
      const t = req.locale.t.app.admin;
      try {
        const made = await createUser(text(req.body, 'email'), roleOf(text(req.body, 'role')), req.user?.email ?? 'unknown');
        noteAudit(res, { action: 'user created', target: made.user.email, after: { role: made.user.role } });
        await page(req, res, 200, [], { label: t.newLink(made.user.email), value: `${deps.publicUrl}${made.setPasswordPath}` });
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        await page(req, res, 400, [{ field: 'email', message: e.status === 409 ? t.exists : t.badEmail }], null);
      }
    }),
  );

  r.post(
    '/app/admin/users/:id/disable',
    admins,
    form,
    checked(async (req, res) => {
      const user = await disableUser(String(req.params.id));
      noteAudit(res, { action: 'user disabled', target: user.email, before: { disabled: false }, after: { disabled: true } });
      res.redirect(303, '/app/admin#users');
    }),
  );

  r.post(
    '/app/admin/users/:id/sign-out',
    admins,
    form,
    checked(async (req, res) => {
      const email = await signOutEverywhere(String(req.params.id));
      noteAudit(res, { action: 'signed out everywhere', target: email });
      res.redirect(303, '/app/admin#users');
    }),
  );

  r.post(
    '/app/admin/users/:id/reset',
    admins,
    form,
    checked(async (req, res) => {
      const reset = await resetPasswordLink(String(req.params.id));
      noteAudit(res, { action: 'set-password link issued', target: reset.email });
      await page(req, res, 200, [], {
        label: req.locale.t.app.admin.newLink(reset.email),
        value: `${deps.publicUrl}${reset.setPasswordPath}`,
      });
    }),
  );

  r.post(
    '/app/admin/tokens',
    admins,
    form,
    checked(async (req, res) => {
      const name = text(req.body, 'name');
      if (!name || name.length > 100) return page(req, res, 400, [{ field: 'name', message: req.locale.t.app.admin.badName }], null);
      const token = await createToken(name, roleOf(text(req.body, 'role')));
      noteAudit(res, { action: 'API token made', target: name, after: { role: roleOf(text(req.body, 'role')) } });
      await page(req, res, 200, [], { label: req.locale.t.app.admin.newToken, value: token });
    }),
  );

  r.post(
    '/app/admin/tokens/:id/revoke',
    admins,
    form,
    checked(async (req, res) => {
      await revokeToken(String(req.params.id));
      noteAudit(res, { action: 'API token revoked', target: String(req.params.id) });
      res.redirect(303, '/app/admin#tokens');
    }),
  );

  r.post(
    '/app/admin/rates',
    admins,
    form,
    checked(async (req, res) => {
      const t = req.locale.t.app.admin;
      const family: RateFamily = text(req.body, 'family') === 'UK' ? 'UK' : 'EU';
      const date = text(req.body, 'date');
      const rate = text(req.body, 'rate').replace(',', '.');
      const source = text(req.body, 'source');
      const errors: FieldError[] = [];
      if (!isCalendarDate(date) || !isReferenceDate(family, date)) errors.push({ field: 'date', message: t.badDate });
      if (!/^\d{1,2}(\.\d{1,2})?$/.test(rate)) errors.push({ field: 'rate', message: t.badRate });
      if (!source || source.length > 200) errors.push({ field: 'source', message: t.badSource });
      if (errors.length) return page(req, res, 400, errors, null);
      await addRate(family, { from: date, rate: Number(rate).toFixed(2), source });
      noteAudit(res, { action: 'reference rate added', target: `${family} ${date}`, after: { rate: Number(rate).toFixed(2), source } });
      res.redirect(303, '/app/admin#rates');
    }),
  );

  // The job queues through Bull Board. Its interface uses inline styles, so its pages get a CSP that
  // allows them (scripts still only from the app itself); admins only, like every page here.
  const boardCsp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
    },
  });
  // Built on the first request: Bull Board's modules take about a third of a second to load, which an
  // admin opening the queues pays once instead of every API process before it is ready.
  const board = onFirstUse(() => queueBoard(deps));
  r.use('/app/admin/queues', admins, boardCsp, (req, res, next) => {
    board().then((handler) => handler(req, res, next), next);
  });
  return r;
}

/** Bull Board's router for these queues. */
async function queueBoard(deps: AppDeps): Promise<RequestHandler> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const board = new ExpressAdapter();
  board.setBasePath('/app/admin/queues');
  createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  return board.getRouter();
}
