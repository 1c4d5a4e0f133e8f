import { Readable } from 'node:stream';
import express, { type Request, Router } from 'express';
import { z } from 'zod';
import { type CalendarDate, isCalendarDate } from '../../domain/dates.ts';
import { decimalToScaled, exponentOf, type Totals } from '../../domain/money.ts';
import type { Actor } from '../../domain/payment-runs/run-state.ts';
import { badRequest, notFound } from '../../errors.ts';
import { statementById } from '../../persistence/payment-runs/bank-statement.repository.ts';
import { listRuns } from '../../persistence/payment-runs/payment-run.repository.ts';
import { bankCsv, proposalJson } from '../../presentation/payment-run.ts';
import { runJson, runSummaryJson, statementJson } from '../../presentation/payment-runs.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import type { PaymentDeps } from '../../services/payment-runs/deps.ts';
import { EXPORT_FORMATS, exportRun } from '../../services/payment-runs/export.ts';
import { proposeRun } from '../../services/payment-runs/proposal.ts';
import { adjustDraft, approveRun, cancelRun, requireRun, saveDraft } from '../../services/payment-runs/runs.ts';
import { importBankStatement } from '../../services/payment-runs/statements.ts';
import { resolveAsOf } from '../../services/reports.ts';
import { requireRole } from '../middleware/auth.ts';
import { linkNext } from '../paging.ts';
import { parse } from '../validate.ts';

const date = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
const code = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
const amount = z.string().regex(/^\d{1,13}(\.\d+)?$/, 'must be a decimal amount such as 250000.00');
// Money per currency as decimal strings, as every tijdig JSON writes it: {"EUR": "250000.00"}.
const money = z.record(code, amount);
const invoiceKey = z.object({ supplierId: z.string().min(1).max(200), invoiceNumber: z.string().min(1).max(200) }).strict();
const keys = z.array(invoiceKey).max(10_000);

const proposalBody = z
  .object({
    budgets: money.refine((b) => Object.keys(b).length > 0, 'needs a budget for at least one currency'),
    asOf: date.optional(),
    payDate: date.optional(),
    approvedOnly: z.boolean().optional(),
    supplierCap: money.optional(),
    mustPay: keys.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

const runBody = z
  .object({
    currency: code,
    budget: amount,
    payDate: date,
    asOf: date.optional(),
    approvedOnly: z.boolean().default(false),
    supplierCap: amount.nullable().default(null),
    mustPay: keys.default([]),
    dropped: keys.default([]),
    payInterest: z.boolean().default(false),
  })
  .strict();

const adjustBody = z
  .object({
    budget: amount.optional(),
    payDate: date.optional(),
    approvedOnly: z.boolean().optional(),
    supplierCap: amount.nullable().optional(),
    mustPay: keys.optional(),
    dropped: keys.optional(),
    payInterest: z.boolean().optional(),
  })
  .strict();

/** A decimal amount in a currency's minor units; a clear error naming the field when it has too many decimals. */
export function minorOf(v: string, currency: string, field: string): number {
  try {
    return Number(decimalToScaled(v, exponentOf(currency)));
  } catch {
    throw badRequest(`${field}: ${v} has more decimals than ${currency} has`);
  }
}

function minor(m: Record<string, string>, field: string): Totals {
  return Object.fromEntries(Object.entries(m).map(([c, v]) => [c, minorOf(v, c, `body.${field}.${c}`)]));
}

/** Who acts through the API: the token, by its name (a run's four eyes count tokens as people). */
const actorOf = (req: Request): Actor => ({
  userId: `token:${req.principal?.id ?? 'none'}`,
  email: req.principal?.name ?? 'unknown',
  at: new Date(),
});

/**
 * Payment runs (finance, admin): proposals, drafts, approval by another, the bank file, and bank
 * statements back. tijdig never pays: it writes the file the organisation gives its bank.
 */
export function paymentRunRoutes(org: OrgSettings, payments?: PaymentDeps, statementLimitBytes = 50 << 20): Router {
  const r = Router();
  const managers = requireRole('admin', 'finance');
  r.post('/payment-runs/proposals', managers, async (req, res) => {
    res.locals.audit = false; // A proposal is worked out, not kept.
    const b = parse(proposalBody, req.body ?? {}, 'body');
    const p = await proposeRun(
      {
        budgets: minor(b.budgets, 'budgets'),
        supplierCap: b.supplierCap ? minor(b.supplierCap, 'supplierCap') : undefined,
        approvedOnly: b.approvedOnly,
        mustPay: b.mustPay,
      },
      { asOf: resolveAsOf(b.asOf, org), payDate: b.payDate },
      org,
    );
    if (b.format === 'csv') res.type('text/csv').attachment(`payment-run-${p.payDate}.csv`).send(bankCsv(p));
    else res.json(proposalJson(p));
  });
  if (!payments) return r;

  r.get('/payment-runs', managers, async (req, res) => {
    const q = parse(
      z.object({ limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().max(40).optional() }).strict(),
      req.query,
      'query',
    );
    const runs = await listRuns(q.limit + 1, q.cursor);
    const next = runs.length > q.limit ? String(runs[q.limit - 1]._id) : null;
    linkNext(req, res, next);
    res.json({ items: runs.slice(0, q.limit).map(runSummaryJson), nextCursor: next });
  });

  r.post('/payment-runs', managers, async (req, res) => {
    const b = parse(runBody, req.body ?? {}, 'body');
    const run = await saveDraft(
      {
        currency: b.currency,
        budget: minorOf(b.budget, b.currency, 'body.budget'),
        asOf: b.asOf ?? payments.today(),
        payDate: b.payDate as CalendarDate,
        approvedOnly: b.approvedOnly,
        supplierCap: b.supplierCap === null ? null : minorOf(b.supplierCap, b.currency, 'body.supplierCap'),
        mustPay: b.mustPay,
        dropped: b.dropped,
        payInterest: b.payInterest,
      },
      actorOf(req),
      payments.run,
    );
    res
      .status(201)
      .location(`/api/v1/payment-runs/${String(run._id)}`)
      .json(runJson(run));
  });

  r.get('/payment-runs/:id', managers, async (req, res) => {
    res.json(runJson(await requireRun(String(req.params.id))));
  });

  r.patch('/payment-runs/:id', managers, async (req, res) => {
    const b = parse(adjustBody, req.body ?? {}, 'body');
    const run = await requireRun(String(req.params.id));
    const c = run.currency;
    const next = await adjustDraft(
      String(run._id),
      {
        ...(b.budget !== undefined ? { budget: minorOf(b.budget, c, 'body.budget') } : {}),
        ...(b.supplierCap !== undefined
          ? { supplierCap: b.supplierCap === null ? null : minorOf(b.supplierCap, c, 'body.supplierCap') }
          : {}),
        ...(b.payDate ? { payDate: b.payDate } : {}),
        ...(b.approvedOnly !== undefined ? { approvedOnly: b.approvedOnly } : {}),
        ...(b.mustPay ? { mustPay: b.mustPay } : {}),
        ...(b.dropped ? { dropped: b.dropped } : {}),
        ...(b.payInterest !== undefined ? { payInterest: b.payInterest } : {}),
      },
      payments.run,
    );
    res.json(runJson(next));
  });

  r.post('/payment-runs/:id/approve', managers, async (req, res) => {
    res.json(runJson(await approveRun(String(req.params.id), actorOf(req), payments.run)));
  });

  r.post('/payment-runs/:id/cancel', managers, async (req, res) => {
    res.json(runJson(await cancelRun(String(req.params.id), actorOf(req), payments.run)));
  });

  r.post('/payment-runs/:id/export', managers, async (req, res) => {
    const { format } = parse(z.object({ format: z.enum(EXPORT_FORMATS).default('pain.001') }).strict(), req.query, 'query');
    const file = await exportRun(String(req.params.id), format, actorOf(req), payments.export);
    res.set('Cache-Control', 'no-store').type(file.contentType).attachment(file.fileName).send(file.body);
  });

  // A statement is XML in the body (Content-Type application/xml): no form, no file name needed.
  const xml = express.raw({ type: ['application/xml', 'text/xml'], limit: statementLimitBytes });
  r.post('/bank-statements', managers, xml, async (req, res) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw badRequest('body: send the camt.053 statement as the body, with Content-Type: application/xml');
    const name = typeof req.query.fileName === 'string' ? req.query.fileName.slice(0, 200) : 'statement.xml';
    const result = await importBankStatement(Readable.from([req.body]), name, actorOf(req), payments.statements);
    res.status(201).json({ items: result.statements.map(statementJson) });
  });

  r.get('/bank-statements/:id', managers, async (req, res) => {
    const id = String(req.params.id);
    const s = await statementById(id);
    if (!s) throw notFound(`no bank statement ${id}`);
    res.json(statementJson(s));
  });
  return r;
}
