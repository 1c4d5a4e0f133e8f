/** Payment runs in the web app: the list with a new proposal's form, a proposal, a saved run, a bank statement. */
import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locale.ts';
import type { ProposalView, RunFiguresView, RunListRow, RunView, StatementView, TransferRowView } from '../../view-models/payment-runs.ts';
import { BarChart } from '../bar-chart.tsx';
import { ActionButton, type AppChrome, describedBy, ErrorSummary, type FieldError, FieldMessage, Layout, TextField } from '../layout.tsx';
import { FiguresTable, ScrollTable } from '../tables.tsx';

export interface RunFormValues {
  currency: string;
  budget: string;
  payDate: string;
  approvedOnly: boolean;
  cap: string;
  interest: boolean;
}

export interface RunsPageProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  form: RunFormValues;
  runs: RunListRow[];
  statements: Array<{ href: string; label: string }>;
}

export function RunsPage(p: RunsPageProps) {
  const t = p.locale.t.runs;
  return (
    <Layout locale={p.locale} title={t.title} app={p.app} hasError={p.errors.length > 0}>
      <ErrorSummary locale={p.locale} errors={p.errors} />
      <h1>{t.heading}</h1>
      <p class="lead">{t.intro}</p>
      <section aria-labelledby="new-run">
        <h2 id="new-run">{t.newHeading}</h2>
        <form method="get" action="/app/payment-runs/new">
          <RunFormFields locale={p.locale} errors={p.errors} form={p.form} />
          <button type="submit">{t.propose}</button>
        </form>
      </section>
      <section aria-labelledby="runs-caption">
        {p.runs.length === 0 ? (
          <p id="runs-caption">{t.none}</p>
        ) : (
          <ScrollTable
            id="runs-caption"
            caption={t.listCaption}
            columns={[
              { label: t.colCreated },
              { label: t.colPayDate },
              { label: t.colAmount, num: true },
              { label: t.colTransfers, num: true },
              { label: t.colState },
              { label: t.colPeople },
            ]}
            rows={p.runs.map((r) => [
              <a href={r.href}>{r.created}</a>,
              r.payDate,
              r.amount,
              r.transfers,
              <span class={`badge run-${r.state}`}>{r.stateLabel}</span>,
              r.people,
            ])}
          />
        )}
      </section>
      {p.statements.length > 0 && (
        <section aria-labelledby="statements">
          <h2 id="statements">{t.statements.recent}</h2>
          <ul>
            {p.statements.map((s) => (
              <li>
                <a href={s.href}>{s.label}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <StatementUpload locale={p.locale} app={p.app} errors={p.errors} />
    </Layout>
  );
}

function RunFormFields({ locale, errors, form }: { locale: Locale; errors: FieldError[]; form: RunFormValues }) {
  const t = locale.t.runs;
  return (
    <>
      <TextField
        id="currency"
        label={t.currency}
        errors={errors}
        value={form.currency}
        attrs={{ class: 'short', autocomplete: 'off', maxlength: '3' }}
      />
      <TextField
        id="budget"
        label={t.budget}
        hint={t.budgetHint}
        errors={errors}
        value={form.budget}
        attrs={{ inputmode: 'decimal', autocomplete: 'off' }}
      />
      <TextField id="payDate" label={t.payDate} hint={t.payDateHint} errors={errors} value={form.payDate} attrs={{ autocomplete: 'off' }} />
      <TextField id="cap" label={t.supplierCap} errors={errors} value={form.cap} attrs={{ inputmode: 'decimal', autocomplete: 'off' }} />
      <div class="choice">
        <input type="checkbox" id="approvedOnly" name="approvedOnly" value="1" checked={form.approvedOnly} />
        <label for="approvedOnly">{t.approvedOnly}</label>
      </div>
      <div class="choice">
        <input type="checkbox" id="interest" name="interest" value="1" checked={form.interest} />
        <label for="interest">{t.payInterest}</label>
      </div>
    </>
  );
}

export function StatementUpload({ locale, app, errors }: { locale: Locale; app: AppChrome; errors: FieldError[] }) {
  const t = locale.t.runs.statements;
  return (
    <section aria-labelledby="statement-upload">
      <h2 id="statement-upload">{t.heading}</h2>
      <p>{t.intro}</p>
      <form method="post" action="/app/bank-statements" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={app.csrfToken} />
        <div class="field">
          <label for="statement">{t.file}</label>
          <FieldMessage id="statement" errors={errors} />
          <input
            type="file"
            id="statement"
            name="file"
            accept=".xml,application/xml,text/xml"
            aria-describedby={describedBy('statement', errors)}
          />
        </div>
        <button type="submit">{t.submit}</button>
      </form>
    </section>
  );
}

function Figures({ locale, f }: { locale: Locale; f: RunFiguresView }) {
  const t = locale.t.runs;
  return (
    <>
      <FiguresTable caption={t.summaryCaption} rows={f.summary} />
      <ScrollTable
        id="before-after"
        caption={t.beforeAfterCaption}
        columns={[{ label: t.colFigure }, { label: t.colBefore, num: true }, { label: t.colAfter, num: true }]}
        rows={f.beforeAfter.map((r) => [r.label, r.before, r.after])}
      />
      <BarChart id="rules-chart" title={t.chartTitle} desc={t.chartDesc} g={f.chart} />
      <ScrollTable
        id="rules"
        caption={t.rulesCaption}
        columns={[
          { label: t.colRule },
          { label: t.colHarmRemoved, num: true },
          { label: t.colRuleInvoices, num: true },
          { label: t.colAmount, num: true },
        ]}
        rows={f.rules.map((r) => [r.label, r.harm, r.invoices, r.paid])}
      />
    </>
  );
}

/** The run's invoices; `change` renders each row's way to drop it (none once a run is frozen). */
function Payments({
  locale,
  v,
  change,
}: {
  locale: Locale;
  v: Pick<ProposalView, 'payments'>;
  change?: (key: string, invoice: string) => ComponentChildren;
}) {
  const t = locale.t.runs;
  return (
    <ScrollTable
      id="payments"
      caption={t.paymentsCaption}
      columns={[
        { label: t.colSupplier },
        { label: t.colInvoice },
        { label: t.colDue },
        { label: t.colDaysOverdue, num: true },
        { label: t.colAmount, num: true },
        { label: t.colHarmRemoved, num: true },
        { label: t.colReason },
        ...(change ? [{ label: t.colAction }] : []),
      ]}
      rows={v.payments.map((x) => [
        <a href={x.supplierHref}>{x.supplier}</a>,
        <>
          {x.invoice}
          {x.mustPay && <span class="hint"> ({t.mustPay})</span>}
        </>,
        x.due,
        x.daysOverdue,
        x.amount,
        x.harm,
        x.reason,
        ...(change ? [change(x.key, x.invoice)] : []),
      ])}
    />
  );
}

function Transfers({ locale, rows }: { locale: Locale; rows: TransferRowView[] }) {
  const t = locale.t.runs;
  return (
    <ScrollTable
      id="transfers"
      caption={t.transfersCaption}
      columns={[
        { label: t.colEndToEnd },
        { label: t.colSupplier },
        { label: t.colIban },
        { label: t.colAmount, num: true },
        { label: t.colRemittance },
        { label: t.colConfirmed },
      ]}
      rows={rows.map((x) => [
        <code>{x.endToEndId}</code>,
        <>
          {x.supplier}
          {x.kind && <span class="hint"> ({x.kind})</span>}
          {x.payer && <small>{x.payer}</small>}
        </>,
        x.iban,
        x.amount,
        x.remittance,
        x.bank,
      ])}
    />
  );
}

function Unpayable({ locale, v }: { locale: Locale; v: Pick<ProposalView, 'unpayable'> }) {
  const t = locale.t.runs;
  if (v.unpayable.length === 0) return null;
  return (
    <div class="warning" role="note" aria-labelledby="unpayable">
      <h2 id="unpayable">{t.unpayableHeading}</h2>
      <p>{t.unpayableIntro}</p>
      <ul>
        {v.unpayable.map((u) => (
          <li>
            {u.supplier}: {u.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Interest({ locale, v }: { locale: Locale; v: Pick<ProposalView, 'interest'> }) {
  const t = locale.t.runs;
  if (v.interest.length === 0) return null;
  return (
    <ScrollTable
      id="interest"
      caption={t.interestCaption}
      columns={[
        { label: t.colSupplier },
        { label: t.colInvoice },
        { label: t.colInterest, num: true },
        { label: t.colCompensation, num: true },
      ]}
      rows={v.interest.map((x) => [x.supplier, x.invoice, x.interest, x.compensation])}
    />
  );
}

export interface ProposalPageProps {
  locale: Locale;
  app: AppChrome;
  v: ProposalView;
  /** The request as query parameters (for each drop link) and as hidden fields (for saving). */
  query: Array<[string, string]>;
  errors: FieldError[];
}

const hrefWith = (query: Array<[string, string]>, extra: Array<[string, string]>) =>
  `/app/payment-runs/new?${new URLSearchParams([...query, ...extra]).toString()}`;

export function ProposalPage(p: ProposalPageProps) {
  const t = p.locale.t.runs;
  const v = p.v;
  const hidden = p.query.map(([k, val]) => <input type="hidden" name={k} value={val} />);
  return (
    <Layout locale={p.locale} title={t.proposalTitle} app={p.app} hasError={p.errors.length > 0}>
      <ErrorSummary locale={p.locale} errors={p.errors} />
      <p>
        <a href="/app/payment-runs">{t.backToRuns}</a>
      </p>
      <h1>{v.heading}</h1>
      <p class="lead">{t.proposalIntro}</p>
      <Unpayable locale={p.locale} v={v} />
      <Figures locale={p.locale} f={v.figures} />
      <form method="post" action="/app/payment-runs" class="actions">
        <input type="hidden" name="_csrf" value={p.app.csrfToken} />
        {hidden}
        <button type="submit">{t.save}</button>
      </form>
      <Payments
        locale={p.locale}
        v={v}
        change={(key, invoice) => (
          <a href={hrefWith(p.query, [['drop', key]])} aria-label={t.dropLabel(invoice)}>
            {t.drop}
          </a>
        )}
      />
      {v.dropped > 0 && (
        <p>
          {t.dropped(v.dropped)}.{' '}
          <a
            href={hrefWith(
              p.query.filter(([k]) => k !== 'drop'),
              [],
            )}
          >
            {t.undoDrops}
          </a>
        </p>
      )}
      <section aria-labelledby="add-invoice">
        <h2 id="add-invoice">{t.addHeading}</h2>
        <form method="get" action="/app/payment-runs/new">
          {p.query.map(([k, val]) => (
            <input type="hidden" name={k} value={val} />
          ))}
          <TextField id="addSupplier" label={t.addSupplier} errors={p.errors} attrs={{ autocomplete: 'off' }} />
          <TextField id="addInvoice" label={t.addInvoice} errors={p.errors} attrs={{ autocomplete: 'off' }} />
          <button type="submit" class="secondary">
            {t.add}
          </button>
        </form>
      </section>
      <Interest locale={p.locale} v={v} />
      <Transfers locale={p.locale} rows={v.transfers} />
    </Layout>
  );
}

export interface RunPageProps {
  locale: Locale;
  app: AppChrome;
  v: RunView;
  /** What this user may do now, and why not where it matters. */
  can: { approve: boolean; approveNote: string | null; export: boolean; sepa: boolean; cancel: boolean; adjust: boolean };
  notice: string | null;
}

export function RunPage(p: RunPageProps) {
  const t = p.locale.t.runs;
  const v = p.v;
  const csrf = p.app.csrfToken;
  const base = `/app/payment-runs/${v.id}`;
  return (
    <Layout locale={p.locale} title={v.heading} app={p.app}>
      <p>
        <a href="/app/payment-runs">{t.backToRuns}</a>
      </p>
      <h1>{v.heading}</h1>
      {p.notice && (
        <div class="notice" role="status">
          <p>{p.notice}</p>
        </div>
      )}
      <p>
        <span class={`badge run-${v.state}`}>{v.stateLabel}</span> {v.approvals}
      </p>
      <div class="actions">
        {p.can.approve && <ActionButton action={`${base}/approve`} csrfToken={csrf} label={t.approve} class="primary" />}
        {p.can.export && p.can.sepa && (
          <ActionButton action={`${base}/export`} csrfToken={csrf} label={t.exportSepa} fields={{ format: 'pain.001' }} />
        )}
        {p.can.export && <ActionButton action={`${base}/export`} csrfToken={csrf} label={t.exportCsv} fields={{ format: 'csv' }} />}
        {p.can.cancel && <ActionButton action={`${base}/cancel`} csrfToken={csrf} label={t.cancel} />}
      </div>
      {p.can.approveNote && <p class="hint">{p.can.approveNote}</p>}
      {p.can.approve && <p class="hint">{t.approveHint}</p>}
      {p.can.export && <p class="hint">{p.can.sepa ? t.exportHint : t.notSepa(v.currency)}</p>}
      {p.can.cancel && v.state === 'approved' && <p class="hint">{t.cancelHint}</p>}
      <Unpayable locale={p.locale} v={v} />
      <Figures locale={p.locale} f={v.figures} />
      <Payments
        locale={p.locale}
        v={v}
        change={
          p.can.adjust
            ? (key, invoice) => (
                <form method="post" action={`${base}/adjust`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="drop" value={key} />
                  <button type="submit" class="secondary" aria-label={t.dropLabel(invoice)}>
                    {t.drop}
                  </button>
                </form>
              )
            : undefined
        }
      />
      <Interest locale={p.locale} v={v} />
      <Transfers locale={p.locale} rows={v.transfers} />
      <ScrollTable
        id="history"
        caption={t.historyCaption}
        columns={[{ label: t.colWhat }, { label: t.colWho }, { label: t.colWhen }]}
        rows={v.history.map((h) => [h.what, h.who, h.when])}
      />
    </Layout>
  );
}

export function StatementPage({ locale, app, v }: { locale: Locale; app: AppChrome; v: StatementView }) {
  const t = locale.t.runs.statements;
  const r = locale.t.runs;
  return (
    <Layout locale={locale} title={v.heading} app={app}>
      <p>
        <a href="/app/payment-runs">{r.backToRuns}</a>
      </p>
      <h1>{v.heading}</h1>
      <FiguresTable caption={t.countsCaption} rows={v.counts} />
      {v.unmatched.length > 0 && (
        <ScrollTable
          id="unmatched"
          caption={t.unmatchedCaption}
          columns={[
            { label: t.colAt },
            { label: t.colBooked },
            { label: t.colCreditor },
            { label: r.colAmount, num: true },
            { label: r.colRemittance },
            { label: t.colWhy },
          ]}
          rows={v.unmatched.map((x) => [x.at, x.booked, x.to, x.amount, x.remittance, x.why])}
        />
      )}
      {v.matched.length > 0 && (
        <ScrollTable
          id="matched"
          caption={t.matchedCaption}
          columns={[
            { label: t.colAt },
            { label: t.colBooked },
            { label: t.colCreditor },
            { label: r.colAmount, num: true },
            { label: t.colPaidInvoices },
          ]}
          rows={v.matched.map((x) => [
            x.runHref ? <a href={x.runHref}>{x.at}</a> : x.at,
            x.booked,
            x.to,
            x.amount,
            <>
              {x.invoices} <span class="hint">({x.how})</span>
            </>,
          ])}
        />
      )}
    </Layout>
  );
}
