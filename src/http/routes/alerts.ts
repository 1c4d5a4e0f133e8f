import { Router } from 'express';
import { z } from 'zod';
import { RULE_IDS } from '../../domain/alerts/rules.ts';
import { SIZE_CLASSES } from '../../domain/supplier.ts';
import { notFound } from '../../errors.ts';
import { ALERT_STATES, type AlertState, LIVE_STATES } from '../../persistence/alerts/alert.model.ts';
import { alertsPage, findAlert } from '../../persistence/alerts/alert.repository.ts';
import { deliveriesOf } from '../../persistence/alerts/delivery.repository.ts';
import { suppliersByIds } from '../../persistence/suppliers/supplier.repository.ts';
import type { AlertDeps } from '../../services/alerts/alert-deps.ts';
import { alertJson } from '../../services/alerts/alert-json.ts';
import {
  acknowledgeAlert,
  addWebhook,
  alertRules,
  removeWebhook,
  snoozeAlert,
  updateAlertRules,
  webhooks,
} from '../../services/alerts/manage.ts';
import { entityFilter } from '../../services/entities.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import { suppliersOfEntity } from '../../services/reports.ts';
import { requireRole } from '../middleware/auth.ts';
import { linkNext } from '../paging.ts';
import { parse } from '../validate.ts';

/** The contact address of each supplier, for an alert's contact link. */
const contactsOf = async (ids: string[]) =>
  new Map((await suppliersByIds([...new Set(ids)])).map((s) => [s.supplierId, s.contactEmail ?? null]));

const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
const days = z.number().int().min(0).max(365);
/** A partial change of the rules: only known rules and fields, each with its own type. */
const rulesPatch = z
  .object({
    willBeLate: z.object({ enabled: z.boolean(), withinDays: days }).partial().strict(),
    smallSupplierOverdue: z
      .object({ enabled: z.boolean(), sizeClasses: z.array(z.enum(SIZE_CLASSES)).max(4), minDependencyShare: z.number().min(0).max(1) })
      .partial()
      .strict(),
    withheldRevenue: z
      .object({ enabled: z.boolean(), minDays: z.number().min(0).max(365) })
      .partial()
      .strict(),
    harmRising: z
      .object({ enabled: z.boolean(), levels: z.array(z.enum(LEVELS)).max(4) })
      .partial()
      .strict(),
    unlawfulTerms: z.object({ enabled: z.boolean() }).partial().strict(),
    disputeOpen: z.object({ enabled: z.boolean(), days }).partial().strict(),
    supplierAsked: z.object({ enabled: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();

const listQuery = z
  .object({
    state: z
      .string()
      .regex(
        new RegExp(`^(${ALERT_STATES.join('|')}|live)(,(${ALERT_STATES.join('|')}))*$`),
        `one or more of ${ALERT_STATES.join(', ')}, or live`,
      )
      .optional(),
    open: z.enum(['true', 'false']).optional(),
    rule: z.enum(RULE_IDS).optional(),
    severity: z.enum(['critical', 'warning']).optional(),
    supplierId: z.string().min(1).max(200).optional(),
    entity: z.string().min(1).max(20).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

/** Alerts (everyone reads and acts on them), their rules and webhooks (admins). */
export function alertRoutes(deps: AlertDeps, org: OrgSettings): Router {
  const r = Router();
  const act = requireRole('admin', 'finance', 'procurement');
  const admin = requireRole('admin');
  const by = (req: { principal?: { name: string } }) => req.principal?.name ?? 'unknown';

  r.get('/alerts', async (req, res) => {
    const q = parse(listQuery, req.query, 'query');
    const states = q.open === 'true' || q.state === 'live' ? LIVE_STATES : (q.state?.split(',') as AlertState[] | undefined);
    // One entity's: the alerts about the suppliers it deals with (the alerts themselves are the group's).
    const ef = await entityFilter(org, q.entity);
    const supplierIds = ef ? await suppliersOfEntity(deps.today(), ef) : undefined;
    const page = await alertsPage({ states, rule: q.rule, severity: q.severity, supplierId: q.supplierId, supplierIds }, q.limit, q.cursor);
    const contacts = await contactsOf(page.items.map((a) => a.supplierId));
    linkNext(req, res, page.nextCursor);
    res.json({ items: page.items.map((a) => alertJson(a, deps.publicUrl, contacts.get(a.supplierId))), nextCursor: page.nextCursor });
  });

  r.get('/alerts/rules', async (_req, res) => {
    res.json({ rules: await alertRules() });
  });

  r.put('/alerts/rules', admin, async (req, res) => {
    const patch = parse(rulesPatch, req.body ?? {}, 'body');
    res.json({ rules: await updateAlertRules(patch, by(req)) });
  });

  r.get('/alerts/webhooks', admin, async (_req, res) => {
    res.json({ webhooks: await webhooks() });
  });

  r.post('/alerts/webhooks', admin, async (req, res) => {
    const b = parse(
      z
        .object({
          url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
          secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
        })
        .strict(),
      req.body ?? {},
      'body',
    );
    const w = await addWebhook(b.url, b.secret, by(req), deps.secret);
    res.status(201).location(`/api/v1/alerts/webhooks/${w.id}`).json(w);
  });

  r.delete('/alerts/webhooks/:id', admin, async (req, res) => {
    await removeWebhook(req.params.id as string);
    res.status(204).end();
  });

  r.get('/alerts/:id', async (req, res) => {
    const a = await findAlert(req.params.id as string);
    if (!a) throw notFound(`no alert ${req.params.id as string}`);
    const deliveries = await deliveriesOf(a._id);
    res.json({
      ...alertJson(a, deps.publicUrl, (await contactsOf([a.supplierId])).get(a.supplierId)),
      deliveries: deliveries.map((d) => ({
        channel: d.channel,
        kind: d.kind,
        // An address is personal data: shown only as its domain.
        target: d.channel === 'email' ? `…@${d.target.split('@')[1]}` : d.target,
        status: d.status,
        attempts: d.attempts.map((x) => ({ at: x.at, ok: x.ok, error: x.error ?? null })),
        sentAt: d.sentAt ?? null,
      })),
    });
  });

  r.post('/alerts/:id/ack', act, async (req, res) => {
    res.json(alertJson(await acknowledgeAlert(req.params.id as string, by(req)), deps.publicUrl));
  });

  r.post('/alerts/:id/snooze', act, async (req, res) => {
    const b = parse(z.object({ until: z.string().max(10) }).strict(), req.body ?? {}, 'body');
    res.json(alertJson(await snoozeAlert(req.params.id as string, b.until, by(req), deps.today()), deps.publicUrl));
  });

  return r;
}
