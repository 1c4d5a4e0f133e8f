import type { Locale } from '../../i18n/locale.ts';
import { ActionButton, type AppChrome, ErrorSummary, type FieldError, Layout } from '../layout.tsx';

export interface AlertRowView {
  id: string;
  opened: string;
  supplier: { name: string; href: string };
  rule: string;
  detail: string;
  severity: string;
  critical: boolean;
  state: string;
  /** Snooze is offered while the alert is live; acknowledge while it is not acknowledged yet. */
  live: boolean;
  acknowledged: boolean;
}

export interface AlertsPageProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  notice: string | null;
  filter: { state: string; rule: string };
  states: Array<[string, string]>;
  rules: Array<[string, string]>;
  rows: AlertRowView[];
  snoozeUntil: string;
}

export function AlertsPage(p: AlertsPageProps) {
  const { locale } = p;
  const t = locale.t.alerts.page;
  const select = (id: string, label: string, value: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout locale={locale} title={t.title} app={p.app} hasError={p.errors.length > 0}>
      <ErrorSummary locale={locale} errors={p.errors} />
      <h1>{t.heading}</h1>
      <p class="lead">{t.intro}</p>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      <form method="get" action="/app/alerts" class="filters">
        {select('state', t.state, p.filter.state, p.states)}
        {select('rule', t.rule, p.filter.rule, p.rules)}
        <button type="submit">{t.filter}</button>
      </form>
      {p.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <section class="scroll" aria-labelledby="alerts-caption" tabindex={0}>
          <table class="ranking">
            <caption id="alerts-caption">{t.caption(p.rows.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colOpened}</th>
                <th scope="col">{t.colSupplier}</th>
                <th scope="col">{t.colWhat}</th>
                <th scope="col">{t.colState}</th>
                <th scope="col">{t.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr id={`alert-${r.id}`}>
                  <td>{r.opened}</td>
                  <th scope="row">
                    <a href={r.supplier.href}>{r.supplier.name}</a>
                  </th>
                  <td>
                    <span class={`badge ${r.critical ? 'level-critical' : 'level-high'}`}>{r.severity}</span> <strong>{r.rule}</strong>
                    <br />
                    {r.detail}
                  </td>
                  <td>{r.state}</td>
                  <td>
                    {r.live && (
                      <div class="actions">
                        {!r.acknowledged && (
                          <ActionButton
                            action={`/app/alerts/${r.id}/acknowledge`}
                            csrfToken={p.app.csrfToken}
                            label={locale.t.alerts.acknowledge}
                          />
                        )}
                        <ActionButton
                          action={`/app/alerts/${r.id}/snooze`}
                          csrfToken={p.app.csrfToken}
                          label={locale.t.alerts.snooze(7)}
                          fields={{ until: p.snoozeUntil }}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}
