/** /lookup: a supplier without a link sees where one invoice stands, given its number, date and amount. */
import express, { type Request, type Response, Router } from 'express';
import { lookupInvoice } from '../../services/supplier-status.ts';
import { readInvoiceFields } from '../../web/forms/fields.ts';
import { statusText } from '../../web/view-models/status-view.ts';
import { LookupPage, type LookupPageProps, type LookupResultView } from '../../web/views/lookup-page.tsx';
import { limiter } from '../middleware/rate-limits.ts';
import type { PageDeps } from './page-deps.ts';
import { sendPage, sendTooMany } from './render.tsx';

type Answer = NonNullable<Awaited<ReturnType<typeof lookupInvoice>>>;

function resultView(a: Answer, req: Request): LookupResultView {
  const l = req.locale;
  const t = l.t.lookup;
  const s = l.t.status;
  const rows = [
    {
      label: t.state,
      // The same words as on the status page.
      value: statusText(a, l),
    },
    { label: t.due, value: l.date(a.dueDate) },
  ];
  if (a.expected)
    rows.push({ label: t.expected, value: `${l.date(a.expected.date)}${a.expected.kind === 'estimate' ? ` (${s.estimate})` : ''}` });
  return { heading: t.result(a.invoiceNumber), rows };
}

export function lookupPages(deps: PageDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  const show = (req: Request, res: Response, status: number, p: Omit<LookupPageProps, 'locale' | 'csrfToken'>) => {
    req.csrfScope = 'lookup';
    sendPage(res, status, <LookupPage locale={req.locale} csrfToken={deps.csrf.token(req, res)} {...p} />);
  };

  r.use('/lookup', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  r.get('/lookup', (req, res) => show(req, res, 200, { values: {}, errors: [], result: null }));

  // Every attempt counts, found or not: guessing combinations is what the limit is for.
  r.post('/lookup', limiter('lookup', deps.limits, { handler: sendTooMany }), form, async (req, res) => {
    const typed = readInvoiceFields(req.body, req.locale, true);
    const { values } = typed;
    req.csrfScope = 'lookup';
    if (!deps.csrf.valid(req))
      return show(req, res, 403, { values, errors: [{ field: 'invoiceNumber', message: req.locale.t.errors.csrf }], result: null });
    const { invoiceDate: issueDate, amount } = typed;
    if (typed.errors.length || !issueDate || amount === null) return show(req, res, 400, { values, errors: typed.errors, result: null });
    const answer = await lookupInvoice({ invoiceNumber: values.invoiceNumber, issueDate, amount }, deps.today(), deps.org);
    show(req, res, 200, { values, errors: [], result: answer ? resultView(answer, req) : 'none' });
  });
  return r;
}
