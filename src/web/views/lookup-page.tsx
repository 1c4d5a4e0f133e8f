import type { Locale } from '../i18n/locale.ts';
import { INVOICE_NUMBER_MAX } from '../view-models/status-view.ts';
import { ErrorSummary, type FieldError, Layout, TextField } from './layout.tsx';

export interface LookupResultView {
  heading: string;
  rows: Array<{ label: string; value: string }>;
}

export interface LookupPageProps {
  locale: Locale;
  csrfToken: string;
  values: { invoiceNumber?: string; invoiceDate?: string; amount?: string };
  errors: FieldError[];
  /** After a search: the invoice, or 'none' when nothing matched. */
  result: LookupResultView | 'none' | null;
}

export function LookupPage({ locale, csrfToken, values, errors, result }: LookupPageProps) {
  const t = locale.t.lookup;
  const s = locale.t.status;
  const field = (id: 'invoiceNumber' | 'invoiceDate' | 'amount', label: string, hint: string | null, attrs: Record<string, string>) => (
    <TextField id={id} label={label} hint={hint} errors={errors} value={values[id]} attrs={attrs} />
  );
  return (
    <Layout locale={locale} title={t.title} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      <h1>{t.heading}</h1>
      {result === 'none' && (
        <div class="notice" role="status">
          <p>{t.notFound}</p>
        </div>
      )}
      {result && result !== 'none' && (
        <section class="result" aria-labelledby="result">
          <h2 id="result">{result.heading}</h2>
          <dl>
            {result.rows.map((r) => (
              <div>
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <p>{t.intro}</p>
      <form method="post" action="/lookup" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        {field('invoiceNumber', s.askNumber, null, { maxlength: String(INVOICE_NUMBER_MAX), autocomplete: 'off' })}
        {field('invoiceDate', s.askDate, s.askDateHint, { inputmode: 'numeric', class: 'short' })}
        {field('amount', s.askAmount, s.askAmountHint, { inputmode: 'decimal', class: 'short' })}
        <button type="submit">{t.submit}</button>
      </form>
    </Layout>
  );
}
