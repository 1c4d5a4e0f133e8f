import type { Locale } from '../i18n/locale.ts';
import { INVOICE_NUMBER_MAX, MESSAGE_MAX, type StatusView } from '../view-models/status-view.ts';
import { BarChart } from './bar-chart.tsx';
import { describedBy, ErrorSummary, FieldMessage, Layout, TextField } from './layout.tsx';
import { FiguresTable, InvoiceTable } from './tables.tsx';

export interface StatusPageProps {
  locale: Locale;
  view: StatusView;
  csrfToken: string;
  /** Where the form posts and the CSV lives: the page's own path. */
  selfPath: string;
  /** A supplier of the sample data: the page says it is made up. */
  sample?: boolean;
}

export function StatusPage({ locale, view: v, csrfToken, selfPath, sample }: StatusPageProps) {
  const s = locale.t.status;
  const errors = v.form.errors;
  const val = v.form.values;
  return (
    <Layout locale={locale} title={v.title} hasError={errors.length > 0} sample={sample}>
      <ErrorSummary locale={locale} errors={errors} />
      {v.form.sent && (
        <div class="notice" role="status">
          <p>{s.askSent}</p>
        </div>
      )}
      <h1>{v.heading}</h1>
      <p class="lead">
        {v.summary.map((sentence) => (
          <>{sentence} </>
        ))}
      </p>
      <p class="meta">{v.asOf}</p>

      <section aria-labelledby="totals">
        <h2 id="totals">{s.totals}</h2>
        <FiguresTable caption={v.totalsCaption} rows={v.totals} />
        {v.unlistedNote && <p>{v.unlistedNote}</p>}
        {v.ratesNote && <p>{v.ratesNote}</p>}
        <p class="rule">{v.rule}</p>
      </section>

      <section aria-labelledby="invoices">
        <h2 id="invoices">{s.invoices}</h2>
        {v.invoiceGroups.every((g) => g.rows.length === 0) ? (
          <p>{s.noInvoices}</p>
        ) : (
          v.invoiceGroups.map((g) => (
            <>
              <InvoiceTable locale={locale} caption={g.caption} rows={g.rows} />
              {g.rule && <p class="rule">{g.rule}</p>}
            </>
          ))
        )}
        <p>
          <a href={`${selfPath}/invoices.csv`} download>
            {s.download}
          </a>
        </p>
        <h3>{s.expectedHeading}</h3>
        <p>{v.expectedNote}</p>
      </section>

      <section aria-labelledby="how-we-pay">
        <h2 id="how-we-pay">{s.howWePay}</h2>
        <p>{v.history.summary}</p>
        {v.history.chart && <BarChart id="months-chart" title={v.history.chartTitle} desc={v.history.chartDesc} g={v.history.chart} />}
        <details>
          <summary>{s.figures}</summary>
          <table class="figures">
            <caption>{s.monthsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.colMonth}</th>
                <th scope="col" class="num">
                  {s.colPayments}
                </th>
                <th scope="col" class="num">
                  {s.colMedianDays}
                </th>
                <th scope="col" class="num">
                  {s.colMeanDays}
                </th>
              </tr>
            </thead>
            <tbody>
              {v.history.months.map((m) => (
                <tr>
                  <th scope="row">{m.month}</th>
                  <td class="num">{m.payments}</td>
                  <td class="num">{m.median}</td>
                  <td class="num">{m.mean}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <section aria-labelledby="terms">
        <h2 id="terms">{s.terms}</h2>
        <p>{v.terms}</p>
        {v.legalLimit && <p class="warning">{v.legalLimit}</p>}
      </section>

      <section aria-labelledby="ask" class="noprint">
        <h2 id="ask">{s.ask}</h2>
        <p>{s.askIntro}</p>
        <form method="post" action={`${selfPath}/messages`} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <fieldset id="kind" aria-describedby={describedBy('kind', errors)}>
            <legend>{s.askKind}</legend>
            <FieldMessage id="kind" errors={errors} />
            <div class="choice">
              <input type="radio" id="kind-question" name="kind" value="question" checked={val.kind !== 'missing'} />
              <label for="kind-question">{s.askKindQuestion}</label>
            </div>
            <div class="choice">
              <input type="radio" id="kind-missing" name="kind" value="missing" checked={val.kind === 'missing'} />
              <label for="kind-missing">{s.askKindMissing}</label>
            </div>
          </fieldset>
          <TextField
            id="invoiceNumber"
            label={s.askNumber}
            errors={errors}
            value={val.invoiceNumber}
            attrs={{ maxlength: String(INVOICE_NUMBER_MAX), autocomplete: 'off' }}
          />
          <TextField
            id="invoiceDate"
            label={s.askDate}
            hint={s.askDateHint}
            errors={errors}
            value={val.invoiceDate}
            attrs={{ inputmode: 'numeric', class: 'short' }}
          />
          <TextField
            id="amount"
            label={s.askAmount}
            hint={s.askAmountHint}
            errors={errors}
            value={val.amount}
            attrs={{ inputmode: 'decimal', class: 'short' }}
          />
          <div class="field">
            <label for="message">{s.askMessage}</label>
            <p class="hint" id="message-hint">
              {s.askMessageHint(MESSAGE_MAX)}
            </p>
            <FieldMessage id="message" errors={errors} />
            <textarea
              id="message"
              name="message"
              rows={5}
              maxlength={MESSAGE_MAX}
              aria-describedby={describedBy('message', errors, true)}
              aria-invalid={errors.some((e) => e.field === 'message') || undefined}
              value={val.message ?? ''}
            />
          </div>
          <button type="submit">{s.askSend}</button>
        </form>
      </section>
      <p class="private">{locale.t.layout.privateLink}</p>
    </Layout>
  );
}
