/** The audit trail (admins): who changed what, newest first, filtered, a page at a time, and as CSV. */
import type { Locale } from '../../i18n/locale.ts';
import { type AppChrome, ErrorSummary, type FieldError, Layout, TextField } from '../layout.tsx';
import { ScrollTable } from '../tables.tsx';

export interface AuditPageProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  filter: { action: string; actor: string; from: string; to: string };
  rows: Array<{ seq: string; at: string; actor: string; address: string; action: string; target: string; change: string }>;
  nextHref: string | null;
  csvHref: string;
}

export function AuditPage({ locale, app, errors, filter, rows, nextHref, csvHref }: AuditPageProps) {
  const t = locale.t.app.audit;
  return (
    <Layout locale={locale} title={t.title} app={app} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      <p>
        <a href="/app/admin">{locale.t.app.admin.heading}</a>
      </p>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <form method="get" action="/app/admin/audit" class="filters">
        <TextField id="action" label={t.action} errors={errors} value={filter.action} attrs={{ maxlength: '100' }} />
        <TextField id="actor" label={t.actor} errors={errors} value={filter.actor} attrs={{ maxlength: '254', autocomplete: 'off' }} />
        <TextField id="from" label={t.from} hint={t.dateHint} errors={errors} value={filter.from} attrs={{ inputmode: 'numeric' }} />
        <TextField id="to" label={t.to} hint={t.dateHint} errors={errors} value={filter.to} attrs={{ inputmode: 'numeric' }} />
        <button type="submit">{t.filter}</button>
      </form>
      <p>
        <a href={csvHref}>{t.csv}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ScrollTable
          id="audit"
          caption={t.caption}
          columns={[
            { label: t.colSeq, num: true },
            { label: t.colAt },
            { label: t.colActor },
            { label: t.colAddress },
            { label: t.colAction },
            { label: t.colTarget },
            { label: t.colChange },
          ]}
          rows={rows.map((r) => [r.seq, r.at, r.actor, r.address, r.action, r.target, r.change])}
        />
      )}
      {nextHref && (
        <p>
          <a href={nextHref} rel="next">
            {t.older}
          </a>
        </p>
      )}
    </Layout>
  );
}
