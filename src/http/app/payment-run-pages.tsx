/**
 * Payment runs in the web app (finance and admin): propose with the same options as the CLI, drop or
 * add invoices and see the figures again, save a draft, have another person approve it, download the
 * bank file, import the bank's statement. Every page works without JavaScript: the proposal's state
 * lives in its URL, each change is a link or a form.
 */
import { Readable } from 'node:stream';
import express, { type Request, type Response, Router } from 'express';
import { type CalendarDate, isCalendarDate } from '../../domain/dates.ts';
import { exponentOf } from '../../domain/money.ts';
import { approvalRefusal, cancelRefusal, exportRefusal } from '../../domain/payment-runs/run-state.ts';
import { AppError } from '../../errors.ts';
import { recentStatements, statementById } from '../../persistence/payment-runs/bank-statement.repository.ts';
import type { InvoiceKey } from '../../persistence/payment-runs/payment-run.model.ts';
import { listRuns } from '../../persistence/payment-runs/payment-run.repository.ts';
import type { PaymentDeps } from '../../services/payment-runs/deps.ts';
import { type ExportFormat, exportRun } from '../../services/payment-runs/export.ts';
import { prepareRunInputs } from '../../services/payment-runs/proposal.ts';
import {
  adjustDraft,
  approveRun,
  cancelRun,
  type DraftRequest,
  draftRun,
  requireRun,
  saveDraft,
} from '../../services/payment-runs/runs.ts';
import { importBankStatement } from '../../services/payment-runs/statements.ts';
import { formAmount, proposalView, runListRows, runView, statementView } from '../../web/view-models/payment-runs.ts';
import { ProposalPage, type RunFormValues, RunPage, RunsPage, StatementPage } from '../../web/views/app/payment-run-pages.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { MessagePage } from '../../web/views/layout.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, formFile, sendAppPage, sendForbidden } from './app-kit.tsx';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (v: unknown) => (typeof first(v) === 'string' ? (first(v) as string).trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** "LEV001|J-101" → a key; at most 500 of them (a URL's worth). */
const keysOf = (v: unknown): InvoiceKey[] =>
  list(v)
    .slice(0, 500)
    .map((k) => k.split('|'))
    .filter((p) => p.length === 2 && p[0] && p[1])
    .map(([supplierId, invoiceNumber]) => ({ supplierId, invoiceNumber }));

export function paymentRunPages(deps: AppDeps): Router {
  const r = Router();
  const managers = signedIn(sendForbidden, 'admin', 'finance');
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1100 });

  const payments = (): PaymentDeps => {
    if (!deps.payments) throw new AppError(503, 'unavailable', 'payment runs need the job queues, which this process does not have');
    return deps.payments;
  };
  const actor = (req: Request) => ({ userId: String(req.user?._id ?? 'unknown'), email: req.user?.email ?? 'unknown', at: new Date() });

  /** The form's values and what is wrong with them, in the reader's language. */
  function readForm(
    req: Request,
    source: Record<string, unknown>,
  ): { values: RunFormValues; errors: FieldError[]; request: DraftRequest | null } {
    const t = req.locale.t.runs;
    const today = deps.today();
    const values: RunFormValues = {
      currency: (text(source.currency) || deps.org.baseCurrency).toUpperCase(),
      budget: text(source.budget),
      payDate: text(source.payDate) || today,
      approvedOnly: text(source.approvedOnly) === '1',
      cap: text(source.cap),
      interest: text(source.interest) === '1',
    };
    const errors: FieldError[] = [];
    const currencyOk = /^[A-Z]{3}$/.test(values.currency);
    if (!currencyOk) errors.push({ field: 'currency', message: t.errCurrency });
    const exp = exponentOf(values.currency);
    const budget = formAmount(values.budget, req.locale.lang, values.currency, exp);
    if (budget === null) errors.push({ field: 'budget', message: t.errBudget });
    if (!isCalendarDate(values.payDate) || values.payDate < today) errors.push({ field: 'payDate', message: t.errPayDate(today) });
    const cap = values.cap === '' ? null : formAmount(values.cap, req.locale.lang, values.currency, exp);
    if (values.cap !== '' && cap === null) errors.push({ field: 'cap', message: t.errCap });
    const mustPay = keysOf(source.add);
    const addSupplier = text(source.addSupplier);
    const addInvoice = text(source.addInvoice);
    if (addSupplier || addInvoice) {
      if (addSupplier && addInvoice) mustPay.push({ supplierId: addSupplier, invoiceNumber: addInvoice });
      else errors.push({ field: addSupplier ? 'addInvoice' : 'addSupplier', message: t.errAdd });
    }
    const request: DraftRequest | null =
      errors.length || budget === null
        ? null
        : {
            currency: values.currency,
            budget,
            asOf: today,
            payDate: values.payDate as CalendarDate,
            approvedOnly: values.approvedOnly,
            supplierCap: cap,
            mustPay,
            dropped: keysOf(source.drop),
            payInterest: values.interest,
          };
    return { values, errors, request };
  }

  const queryOf = (v: RunFormValues, req: DraftRequest): Array<[string, string]> => [
    ['currency', v.currency],
    ['budget', v.budget],
    ['payDate', v.payDate],
    ...(v.cap ? ([['cap', v.cap]] as Array<[string, string]>) : []),
    ...(v.approvedOnly ? ([['approvedOnly', '1']] as Array<[string, string]>) : []),
    ...(v.interest ? ([['interest', '1']] as Array<[string, string]>) : []),
    ...req.mustPay.map((k): [string, string] => ['add', `${k.supplierId}|${k.invoiceNumber}`]),
    ...req.dropped.map((k): [string, string] => ['drop', `${k.supplierId}|${k.invoiceNumber}`]),
  ];

  async function listPage(req: Request, res: Response, status: number, errors: FieldError[], values?: RunFormValues) {
    const runs = await listRuns(50);
    const statements = await recentStatements(10);
    const l = req.locale;
    sendAppPage(
      res,
      status,
      <RunsPage
        locale={l}
        app={chrome(req, res, deps, 'runs')}
        errors={errors}
        form={values ?? readForm(req, {}).values}
        runs={runListRows(l, runs, deps.org.timezone)}
        statements={statements.map((s) => ({
          href: `/app/bank-statements/${String(s._id)}`,
          label: `${s.statementId} · ${l.instant(s.importedAt, deps.org.timezone)} · ${l.t.runs.statements.rowMatched}: ${l.number(s.counts.matched)}, ${l.t.runs.statements.rowUnmatched}: ${l.number(s.counts.unmatched)}`,
        }))}
      />,
    );
  }

  /** A page that says what went wrong (or what is not there), with the way back. */
  const message = (req: Request, res: Response, status: number, text: string, back: string) => {
    const t = req.locale.t.runs;
    const heading = status === 404 ? t.title : t.actionFailed;
    sendAppPage(
      res,
      status,
      <MessagePage
        locale={req.locale}
        title={heading}
        heading={heading}
        paragraphs={[text]}
        link={{ href: back, text: back === '/app/payment-runs' ? t.backToRuns : t.backToRun }}
        app={chrome(req, res, deps, 'runs')}
      />,
    );
  };

  const failure = (req: Request, res: Response, e: unknown, back: string) => {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    message(req, res, e.status, e.message, back);
  };

  r.get('/app/payment-runs', managers, (req, res) => {
    // The form is filled in while the invoices load: the proposal then starts from memory.
    if (deps.payments) void prepareRunInputs(deps.payments.run.org, deps.today());
    return listPage(req, res, 200, []);
  });

  r.get('/app/payment-runs/new', managers, async (req, res) => {
    const { values, errors, request } = readForm(req, req.query as Record<string, unknown>);
    if (!request) return listPage(req, res, 400, errors, values);
    try {
      const d = await draftRun(request, payments().run);
      sendAppPage(
        res,
        200,
        <ProposalPage
          locale={req.locale}
          app={chrome(req, res, deps, 'runs')}
          v={proposalView(req.locale, request.currency, request.budget, d.proposal, d.transfers, d.interest, d.unpayable)}
          query={queryOf(values, request)}
          errors={[]}
        />,
      );
    } catch (e) {
      failure(req, res, e, '/app/payment-runs');
    }
  });

  r.post('/app/payment-runs', managers, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const { values, errors, request } = readForm(req, req.body ?? {});
    if (!request) return listPage(req, res, 400, errors, values);
    try {
      const run = await saveDraft(request, actor(req), payments().run);
      res.redirect(303, `/app/payment-runs/${String(run._id)}`);
    } catch (e) {
      failure(req, res, e, '/app/payment-runs');
    }
  });

  r.get('/app/payment-runs/:id', managers, async (req, res) => {
    const run = await requireRun(String(req.params.id)).catch(() => null);
    const t = req.locale.t.runs;
    if (!run) return message(req, res, 404, t.notFound, '/app/payment-runs');
    // A draft's page leads to changing it (an invoice dropped), which proposes it again.
    if (deps.payments && run.state === 'draft') void prepareRunInputs(deps.payments.run.org, run.asOf, run.payDate);
    const me = String(req.user?._id);
    const refusal = approvalRefusal(run, me);
    const note = refusal?.code === 'four_eyes' ? t.fourEyes : refusal?.code === 'approved_already' ? t.approvedByYou : null;
    sendAppPage(
      res,
      200,
      <RunPage
        locale={req.locale}
        app={chrome(req, res, deps, 'runs')}
        v={runView(req.locale, run, deps.org.timezone)}
        can={{
          approve: refusal === null,
          approveNote: run.state === 'draft' ? note : null,
          export: exportRefusal(run) === null,
          sepa: run.currency === 'EUR',
          cancel: cancelRefusal(run) === null,
          adjust: run.state === 'draft',
        }}
        notice={null}
      />,
    );
  });

  const act = (fn: (req: Request, id: string) => Promise<unknown>) => async (req: Request, res: Response) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const id = String(req.params.id);
    try {
      await fn(req, id);
      res.redirect(303, `/app/payment-runs/${encodeURIComponent(id)}`);
    } catch (e) {
      failure(req, res, e, `/app/payment-runs/${encodeURIComponent(id)}`);
    }
  };

  r.post(
    '/app/payment-runs/:id/approve',
    managers,
    form,
    act((req, id) => approveRun(id, actor(req), payments().run)),
  );
  r.post(
    '/app/payment-runs/:id/cancel',
    managers,
    form,
    act((req, id) => cancelRun(id, actor(req), payments().run)),
  );
  r.post(
    '/app/payment-runs/:id/adjust',
    managers,
    form,
    act(async (req, id) => {
      const run = await requireRun(id);
      const drop = keysOf(req.body?.drop);
      return adjustDraft(id, { dropped: [...run.options.dropped, ...drop] }, payments().run);
    }),
  );

  r.post('/app/payment-runs/:id/export', managers, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const id = String(req.params.id);
    const format: ExportFormat = req.body?.format === 'csv' ? 'csv' : 'pain.001';
    try {
      const file = await exportRun(id, format, actor(req), payments().export);
      res.set('Cache-Control', 'no-store').type(file.contentType).attachment(file.fileName).send(file.body);
    } catch (e) {
      failure(req, res, e, `/app/payment-runs/${encodeURIComponent(id)}`);
    }
  });

  r.post('/app/bank-statements', managers, async (req, res) => {
    const t = req.locale.t.runs.statements;
    const got = await formFile(req, deps, deps.uploadLimitBytes, t.errFile);
    if (!('file' in got)) return listPage(req, res, got.status, [{ field: 'statement', message: got.message }]);
    const file = got.file;
    try {
      const done = await importBankStatement(Readable.from([file.body]), file.fileName, actor(req), payments().statements);
      res.redirect(303, `/app/bank-statements/${String(done.statements[0]._id)}`);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      return listPage(req, res, e.status, [{ field: 'statement', message: `${t.failed}: ${e.message}` }]);
    }
  });

  r.get('/app/bank-statements/:id', managers, async (req, res) => {
    const id = String(req.params.id);
    const s = await statementById(id);
    const t = req.locale.t.runs;
    if (!s) return message(req, res, 404, t.notFound, '/app/payment-runs');
    sendAppPage(res, 200, <StatementPage locale={req.locale} app={chrome(req, res, deps, 'runs')} v={statementView(req.locale, s)} />);
  });

  return r;
}
