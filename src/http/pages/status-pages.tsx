/**
 * The supplier's status page behind its secret link: /s/<token>, its CSV, and the form to ask about
 * an invoice. The link is the only credential: each request resolves it again, so a revoked or
 * expired link stops working at once.
 */
import express, { type Request, type Response, Router } from 'express';
import { findSupplier } from '../../persistence/suppliers/supplier.repository.ts';
import { statusCsv } from '../../presentation/status-csv.ts';
import type { OpenedLink } from '../../services/status-access.ts';
import { recordSupplierMessage } from '../../services/supplier-messages.ts';
import { statusOfSupplier } from '../../services/supplier-status.ts';
import { readAskForm } from '../../web/forms/ask-form.ts';
import { type AskForm, statusView } from '../../web/view-models/status-view.ts';
import { StatusPage } from '../../web/views/status-page.tsx';
import { privatePage } from '../middleware/page-headers.ts';
import { limiter, missLimiter } from '../middleware/rate-limits.ts';
import { shortHash } from '../redact.ts';
import { CSRF_MARK, KeptPage, KeptPages } from './kept-pages.ts';
import type { PageDeps } from './page-deps.ts';
import { renderPage, sendNotFound, sendTooMany } from './render.tsx';

// What a token looks like; anything else is answered as unknown without asking the database.
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

const EMPTY_FORM: AskForm = { values: {}, errors: [], sent: false };

export function statusPages(deps: PageDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 });
  // Misses (404s) from one address are limited, in Redis so every API process counts them together.
  const misses = missLimiter('statusMisses', deps.limits, sendTooMany);
  r.use('/s', privatePage, misses);

  async function link(req: Request, res: Response, count: boolean): Promise<OpenedLink | null> {
    const token = String(req.params.token);
    const found = TOKEN.test(token) ? await deps.links.open(token, { count }) : null;
    if (!found) sendNotFound(req, res);
    // Bound to the link, the form's CSRF token works for this link's page only.
    else req.csrfScope = `status:${shortHash(token)}`;
    return found;
  }

  const kept = new KeptPages();

  async function page(req: Request, res: Response, { link: l, version }: OpenedLink, status: number, askForm: AskForm) {
    const today = deps.today();
    // A plain view (no form state) reads the same for every visit through this link today: kept
    // per link (its page holds its own URL), day, language and data version.
    const keep = status === 200 && !askForm.sent && askForm.errors.length === 0;
    const key = `${String(l._id)}|${today}|${req.locale.lang}|${version}`;
    let html = keep ? kept.get(key) : undefined;
    if (html === undefined) {
      const st = await statusOfSupplier(l.supplierId, today, deps.org);
      const view = statusView(st, req.locale, { orgName: deps.orgName, showLegalLimit: deps.showLegalLimit, form: askForm });
      const selfPath = `/s/${String(req.params.token)}`;
      const sample = !!(await findSupplier(l.supplierId))?.sample;
      html = new KeptPage(
        renderPage(<StatusPage locale={req.locale} view={view} csrfToken={CSRF_MARK} selfPath={selfPath} sample={sample} />),
      );
      if (keep) kept.set(key, html);
    }
    html.send(res, status, deps.csrf.token(req, res));
  }

  r.get('/s/:token', async (req, res) => {
    const l = await link(req, res, true);
    if (l) await page(req, res, l, 200, { ...EMPTY_FORM, sent: req.query.sent === '1' });
  });

  r.get('/s/:token/invoices.csv', async (req, res) => {
    const opened = await link(req, res, false);
    if (!opened) return;
    const l = opened.link;
    const asOf = deps.today();
    const st = await statusOfSupplier(l.supplierId, asOf, deps.org);
    const safeId = l.supplierId.replace(/[^A-Za-z0-9_-]/g, '_');
    res.type('text/csv').attachment(`invoices-${safeId}-${asOf}.csv`).send(statusCsv(st));
  });

  r.post('/s/:token/messages', limiter('messages', deps.limits, { handler: sendTooMany }), form, async (req, res) => {
    const l = await link(req, res, false);
    if (!l) return;
    const { form: typed, ok } = readAskForm(req.body, req.locale);
    if (!deps.csrf.valid(req))
      return page(req, res, l, 403, { ...typed, errors: [{ field: 'message', message: req.locale.t.errors.csrf }] });
    if (!ok) return page(req, res, l, 400, typed);
    const m = await recordSupplierMessage({ ...ok, supplierId: l.link.supplierId, linkId: l.link._id }, deps.org.baseCurrency);
    // The message is stored either way; if the queue cannot take it now, the next digest run picks it up.
    await deps.alerts
      ?.notifyMessage(String(m._id))
      .catch((err) => req.log.warn({ err }, 'could not queue the alert for a supplier message'));
    res.redirect(303, `/s/${String(req.params.token)}?sent=1#ask`);
  });

  return r;
}
