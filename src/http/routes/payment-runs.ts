import { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates.ts';
import { decimalToScaled, exponentOf, type Totals } from '../../domain/money.ts';
import { badRequest } from '../../errors.ts';
import { bankCsv, proposalJson } from '../../presentation/payment-run.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import { proposeRun } from '../../services/payment-run.ts';
import { resolveAsOf } from '../../services/reports.ts';
import { requireRole } from '../middleware/auth.ts';
import { parse } from '../validate.ts';

const date = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
// Money per currency as decimal strings, as every tijdig JSON writes it: {"EUR": "250000.00"}.
const money = z.record(
  z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  z.string().regex(/^\d{1,13}(\.\d+)?$/, 'must be a decimal amount such as 250000.00'),
);

const body = z
  .object({
    budgets: money.refine((b) => Object.keys(b).length > 0, 'needs a budget for at least one currency'),
    asOf: date.optional(),
    payDate: date.optional(),
    approvedOnly: z.boolean().optional(),
    supplierCap: money.optional(),
    mustPay: z
      .array(z.object({ supplierId: z.string().min(1).max(200), invoiceNumber: z.string().min(1).max(200) }).strict())
      .max(10_000)
      .optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

function minor(m: Record<string, string>, field: string): Totals {
  const out: Totals = {};
  for (const [c, v] of Object.entries(m)) {
    try {
      out[c] = Number(decimalToScaled(v, exponentOf(c)));
    } catch {
      throw badRequest(`body.${field}.${c}: ${v} has more decimals than ${c} has`);
    }
  }
  return out;
}

/** Payment-run proposals (finance, admin). Nothing is paid: the answer is a proposal and a bank file. */
export function paymentRunRoutes(org: OrgSettings): Router {
  const r = Router();
  r.post('/payment-runs/proposals', requireRole('admin', 'finance'), async (req, res) => {
    const b = parse(body, req.body ?? {}, 'body');
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
  return r;
}
