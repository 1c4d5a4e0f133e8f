import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { isCalendarDate, todayIn } from '../../domain/dates.ts';
import { INVOICE_STATUSES } from '../../domain/invoice.ts';
import { SIZE_CLASSES } from '../../domain/supplier.ts';
import { entityView } from '../../domain/supplier-health.ts';
import { badRequest, notFound } from '../../errors.ts';
import { RANKING_SORTS, type RankingFilter, type RankingSort, snapshotOf } from '../../persistence/snapshots/snapshot.repository.ts';
import { findSupplier } from '../../persistence/suppliers/supplier.repository.ts';
import { healthJson, healthListJson, supplierJson } from '../../presentation/json.ts';
import { ageingCsv, ageingReportJson, paymentPracticesCsv, rankingCsv } from '../../presentation/reports.ts';
import { type EntityFilter, entityFilter } from '../../services/entities.ts';
import { reportingTable } from '../../services/fx.ts';
import { invoiceList, invoiceRowJson } from '../../services/invoices.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import { rankingListPage } from '../../services/ranking-lists.ts';
import { ageingReport, paymentPracticesReport, resolveAsOf, supplierReport } from '../../services/reports.ts';
import { conditional, sendKept } from '../conditional.ts';
import { linkNext } from '../paging.ts';
import { parse } from '../validate.ts';

const date = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
const format = z.enum(['json', 'csv']).default('json');
const limit = z.coerce.number().int().min(1).max(1000).default(100);
const cursor = z.string().min(1).max(200).optional();
const LEVELS = ['low', 'medium', 'high', 'critical'];
/** A legal entity's code: the figures of that entity alone (default: the whole group). */
const entity = z.string().min(1).max(20).optional();

const rankingQuery = z
  .object({
    sort: z.enum(RANKING_SORTS).default('harm'),
    asOf: date.optional(),
    format,
    limit,
    cursor,
    // level=high&level=critical or level=high,critical.
    level: z
      .union([z.string().max(40), z.array(z.string().max(40)).max(4)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    sizeClass: z.enum([...SIZE_CLASSES, 'unknown']).optional(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 two-letter code such as NL')
      .optional(),
    breach: z.enum(['true', 'false']).optional(),
    minScore: z.coerce.number().min(0).max(100).optional(),
    q: z.string().min(1).max(100).optional(),
    entity,
  })
  .strict();

const invoiceQuery = z
  .object({
    supplierId: z.string().min(1).max(200).optional(),
    status: z.enum(INVOICE_STATUSES).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
      .optional(),
    importId: z
      .string()
      .regex(/^[0-9a-f]{24}$/, 'must be an import id')
      .optional(),
    dueFrom: date.optional(),
    dueTo: date.optional(),
    openOn: date.optional(),
    overdueOn: date.optional(),
    asOf: date.optional(),
    limit,
    cursor,
  })
  .strict();

/** Every row of a ranking, written a slice at a time (constant memory whatever its length). */
async function streamRankingCsv(res: Response, asOf: string, filter: RankingFilter, sort: RankingSort, ef?: EntityFilter) {
  let page = await rankingListPage(asOf, filter, sort, 500, undefined);
  res.type('text/csv').attachment(`ranking-${asOf}.csv`);
  let rank = 0;
  let first = true;
  for (;;) {
    const csv = rankingCsv(ef ? page.items.flatMap((h) => entityView(h, ef.code, ef.defaultCode) ?? []) : page.items, rank);
    // The header once, then only rows.
    const chunk = first ? csv : csv.slice(csv.indexOf('\n') + 1);
    first = false;
    rank += page.items.length;
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    if (!page.nextCursor) break;
    page = await rankingListPage(asOf, filter, sort, 500, page.nextCursor);
  }
  res.end();
}

/** Read-only reports; any authenticated role may read them. */
export function reportRoutes(org: OrgSettings): Router {
  const r = Router();

  const fresh = conditional(() => todayIn(org.timezone));

  // The harm ranking, paged (see services/ranking-lists.ts); with format=csv every matching row.
  r.get('/suppliers', fresh, async (req, res) => {
    const q = parse(rankingQuery, req.query, 'query');
    const asOf = resolveAsOf(q.asOf, org);
    const ef = await entityFilter(org, q.entity);
    const filter: RankingFilter = {
      levels: q.level?.flatMap((l) => l.split(',')),
      sizeClass: q.sizeClass,
      country: q.country?.toUpperCase(),
      breach: q.breach === 'true' ? true : undefined,
      minScore: q.minScore,
      q: q.q,
      entity: ef?.code,
      entityIsDefault: ef ? ef.code === ef.defaultCode : undefined,
    };
    for (const l of filter.levels ?? []) if (!LEVELS.includes(l)) throw badRequest(`query.level: ${l} is not one of ${LEVELS.join(', ')}`);
    if (q.format === 'csv') return streamRankingCsv(res, asOf, filter, q.sort, ef);
    const page = await rankingListPage(asOf, filter, q.sort, q.limit, q.cursor);
    linkNext(req, res, page.nextCursor);
    const items = ef ? page.items.flatMap((h) => entityView(h, ef.code, ef.defaultCode) ?? []) : page.items;
    sendKept(res, { asOf: page.asOf, total: page.total, items: items.map(healthListJson), nextCursor: page.nextCursor });
  });

  r.get('/suppliers/:id', fresh, async (req, res) => {
    const q = parse(z.object({ asOf: date.optional() }).strict(), req.query, 'query');
    const asOf = resolveAsOf(q.asOf, org);
    const supplier = await findSupplier(req.params.id as string);
    if (!supplier) throw notFound(`no supplier ${req.params.id as string}`);
    const figures = await snapshotOf(supplier.supplierId, asOf);
    sendKept(res, { supplier: supplierJson(supplier), asOf, figures: figures ? healthJson(figures) : null });
  });

  r.get('/suppliers/:id/invoices', fresh, async (req, res) => {
    const q = parse(invoiceQuery.omit({ supplierId: true }), req.query, 'query');
    await sendInvoices(req, res, { ...q, supplierId: req.params.id as string });
  });

  r.get('/invoices', fresh, async (req, res) => {
    await sendInvoices(req, res, parse(invoiceQuery, req.query, 'query'));
  });

  async function sendInvoices(req: Request, res: Response, q: z.infer<typeof invoiceQuery>) {
    const { asOf: given, limit, cursor, ...filter } = q;
    const asOf = resolveAsOf(given, org);
    const page = await invoiceList(filter, asOf, limit, cursor, org);
    linkNext(req, res, page.nextCursor);
    sendKept(res, { asOf, items: page.items.map(invoiceRowJson), nextCursor: page.nextCursor });
  }

  r.get('/suppliers/:id/health', fresh, async (req, res) => {
    const q = parse(z.object({ asOf: date.optional() }).strict(), req.query, 'query');
    sendKept(res, healthJson(await supplierReport(req.params.id as string, resolveAsOf(q.asOf, org))));
  });

  r.get('/reports/payment-practices', fresh, async (req, res) => {
    const q = parse(z.object({ from: date, to: date, format, entity }).strict(), req.query, 'query');
    const report = await paymentPracticesReport(q.from, q.to, org, q.entity);
    if (q.format === 'csv') res.type('text/csv').send(paymentPracticesCsv(report));
    else res.json(report);
  });

  r.get('/reports/ageing', fresh, async (req, res) => {
    const q = parse(z.object({ asOf: date.optional(), format, entity }).strict(), req.query, 'query');
    const asOf = resolveAsOf(q.asOf, org);
    const report = await ageingReport(asOf, await entityFilter(org, q.entity));
    if (q.format === 'csv') res.type('text/csv').send(ageingCsv(report));
    else res.json(ageingReportJson(report, await reportingTable(asOf, org.reportingCurrency)));
  });

  return r;
}
