import type { Locale } from '../../i18n/locale.ts';
import { ActionButton, type AppChrome, ErrorSummary, type FieldError, Layout } from '../layout.tsx';
import { Pager, type PagerView } from '../pager.tsx';

export interface AlertItemView {
  id: string;
  opened: string;
  rule: string;
  details: string[];
  severity: string;
  critical: boolean;
  state: string;
  /** What ends it: approve, schedule, contact, answer. */
  actions: Array<{ href: string; text: string }>;
  /** Snooze is offered while the alert is live; acknowledge while it is not acknowledged yet. */
  live: boolean;
  acknowledged: boolean;
}

/** One supplier and its alerts: one row of the page. */
export interface SupplierAlertsView {
  supplierId: string;
  name: string;
  href: string;
  level: string;
  levelKey: string;
  alerts: AlertItemView[];
}

export interface AlertsPageProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  notice: string | null;
  filter: { state: string; rule: string; severity: string; q: string; entity: string };
  /** A group's entities (value, text), the whole group first; none for a single organisation. */
  entities: Array<[string, string]> | null;
  states: Array<[string, string]>;
  rules: Array<[string, string]>;
  severities: Array<[string, string]>;
  rows: SupplierAlertsView[];
  /** "12 suppliers with alerts", and what the filter hides (with the way to show it). */
  caption: string;
  hidden: { text: string; href: string } | null;
  pager: PagerView;
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
        {select('severity', t.severity, p.filter.severity, p.severities)}
        {select('rule', t.rule, p.filter.rule, p.rules)}
        {p.entities && select('entity', locale.t.app.reports.entity, p.filter.entity, p.entities)}
        <div class="field">
          <label for="q">{t.search}</label>
          <input id="q" name="q" type="search" value={p.filter.q} maxlength={100} autocomplete="off" />
        </div>
        <button type="submit">{t.filter}</button>
      </form>
      <p id="alerts-count">
        {p.caption}
        {p.hidden && (
          <>
            {' '}
            {p.hidden.text} <a href={p.hidden.href}>{t.showAll}</a>
          </>
        )}
      </p>
      {p.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <>
          <ol class="supplier-alerts" aria-labelledby="alerts-count">
            {p.rows.map((r) => (
              <li id={`supplier-${r.supplierId}`}>
                <h2>
                  <a href={r.href}>{r.name}</a> <span class={`badge level-${r.levelKey}`}>{r.level}</span>
                </h2>
                <ul class="alert-list">
                  {r.alerts.map((a) => (
                    <li id={`alert-${a.id}`}>
                      <p class="alert-head">
                        <span class={`badge ${a.critical ? 'level-critical' : 'level-high'}`}>{a.severity}</span> <strong>{a.rule}</strong>
                        <span class="meta">
                          {' '}
                          · {t.openedOn(a.opened)} · {a.state}
                        </span>
                      </p>
                      {a.details.map((d) => (
                        <p>{d}</p>
                      ))}
                      <div class="actions">
                        {a.actions.map((x) => (
                          <a class="button secondary" href={x.href}>
                            {x.text}
                          </a>
                        ))}
                        {a.live && !a.acknowledged && (
                          <ActionButton
                            action={`/app/alerts/${a.id}/acknowledge`}
                            csrfToken={p.app.csrfToken}
                            label={locale.t.alerts.acknowledge}
                          />
                        )}
                        {a.live && (
                          <ActionButton
                            action={`/app/alerts/${a.id}/snooze`}
                            csrfToken={p.app.csrfToken}
                            label={locale.t.alerts.snooze(7)}
                            fields={{ until: p.snoozeUntil }}
                          />
                        )}
                      </div>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          <Pager locale={locale} pager={p.pager} />
        </>
      )}
    </Layout>
  );
}
