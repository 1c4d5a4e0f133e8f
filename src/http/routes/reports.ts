import { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates';
import { healthJson } from '../../presentation/json';
import { ageingCsv, ageingReportJson, paymentPracticesCsv, rankingCsv } from '../../presentation/reports';
import { reportingTable } from '../../services/fx';
import type { OrgSettings } from '../../services/org-settings';
import { ageingReport, harmRanking, paymentPracticesReport, resolveAsOf, supplierReport } from '../../services/reports';
import { parse } from '../validate';

const date = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
const format = z.enum(['json', 'csv']).default('json');

/** Read-only reports; any authenticated role may read them. */
export function reportRoutes(org: OrgSettings): Router {
  const r = Router();

  r.get('/suppliers', async (req, res) => {
    const q = parse(z.object({ sort: z.enum(['harm']).default('harm'), asOf: date.optional(), format }).strict(), req.query, 'query');
    const asOf = resolveAsOf(q.asOf, org);
    const ranking = await harmRanking(asOf);
    if (q.format === 'csv') res.type('text/csv').send(rankingCsv(ranking));
    else res.json({ asOf, suppliers: ranking.map(healthJson) });
  });

  r.get('/suppliers/:id/health', async (req, res) => {
    const q = parse(z.object({ asOf: date.optional() }).strict(), req.query, 'query');
    res.json(healthJson(await supplierReport(req.params.id, resolveAsOf(q.asOf, org))));
  });

  r.get('/reports/payment-practices', async (req, res) => {
    const q = parse(z.object({ from: date, to: date, format }).strict(), req.query, 'query');
    const report = await paymentPracticesReport(q.from, q.to, org);
    if (q.format === 'csv') res.type('text/csv').send(paymentPracticesCsv(report));
    else res.json(report);
  });

  r.get('/reports/ageing', async (req, res) => {
    const q = parse(z.object({ asOf: date.optional(), format }).strict(), req.query, 'query');
    const asOf = resolveAsOf(q.asOf, org);
    const report = await ageingReport(asOf);
    if (q.format === 'csv') res.type('text/csv').send(ageingCsv(report));
    else res.json(ageingReportJson(report, await reportingTable(asOf, org.reportingCurrency)));
  });

  return r;
}
