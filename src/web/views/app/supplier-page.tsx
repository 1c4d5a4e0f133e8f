import type { BarChartGeometry } from '../../charts/bar-chart.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { InvoiceRowView } from '../../view-models/status-view.ts';
import { BarChart } from '../bar-chart.tsx';
import { ActionButton, type AppChrome, Layout } from '../layout.tsx';
import { FiguresTable, InvoiceTable, ScrollTable } from '../tables.tsx';

export interface SupplierPageProps {
  locale: Locale;
  app: AppChrome;
  name: string;
  master: Array<{ label: string; value: string }>;
  masterMissing: boolean;
  /** Whether it gets remittance advice, and (finance and admin) the form to change that. */
  remittance: { optedOut: boolean; canChange: boolean; action: string };
  figures: { caption: string; rows: Array<{ label: string; value: string }>; reasons: string[] } | null;
  /** A group's supplier: each entity's part. */
  entityParts: {
    caption: string;
    rows: Array<{ entity: string; law: string; outstanding: string; overdue: string; interest: string; compensation: string }>;
  } | null;
  trend: { chart: BarChartGeometry | null; rows: Array<{ day: string; overdue: string; maxDays: string; harm: string }> };
  invoices: { caption: string; rows: InvoiceRowView[]; filters: Array<{ href: string; label: string; current: boolean }> };
  links: Array<{ id: string; created: string; by: string; expires: string; opened: string; count: string; state: string; active: boolean }>;
  canManageLinks: boolean;
  newLink: string | null;
  messages: Array<{ id: string; when: string; kind: string; invoice: string; message: string; handled: string | null }>;
  /** What was just done to one of its invoices. */
  notice: string | null;
  /** Per invoice that can be approved or scheduled (finance and admin): whether it can be approved, the date to offer. */
  invoiceSteps: Map<string, { approve: boolean; date: string }> | null;
  /** The invoice filter shown, to come back to after a step. */
  invoiceFilter: string;
  /** The supplier's live alerts, in words. */
  alerts: Array<{
    id: string;
    rule: string;
    details: string[];
    severity: string;
    critical: boolean;
    state: string;
    actions: Array<{ href: string; text: string }>;
  }>;
  selfPath: string;
  today: string;
}

export function SupplierPage(p: SupplierPageProps) {
  const t = p.locale.t.app.supplier;
  const s = p.locale.t.status;
  const csrf = p.app.csrfToken;
  return (
    <Layout locale={p.locale} title={t.title(p.name)} app={p.app}>
      <h1>{p.name}</h1>
      {p.notice && (
        <div class="notice" role="status">
          <p>{p.notice}</p>
        </div>
      )}
      {p.newLink && (
        <div class="notice" role="status">
          <p>{t.newLink}</p>
          <p>
            <code class="copy">{p.newLink}</code>
          </p>
        </div>
      )}
      {p.figures && (
        <section aria-labelledby="figures">
          <h2 id="figures">{t.figures}</h2>
          <FiguresTable caption={p.figures.caption} rows={p.figures.rows} />
          <h3>{t.reasons}</h3>
          <ul>
            {p.figures.reasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </section>
      )}
      {p.entityParts && (
        <section aria-labelledby="per-entity">
          <h2 id="per-entity">{t.perEntity}</h2>
          <ScrollTable
            id="per-entity-caption"
            caption={p.entityParts.caption}
            columns={[
              { label: t.entity },
              { label: t.law },
              { label: s.outstanding, num: true },
              { label: s.overdue, num: true },
              { label: s.interestOwed, num: true },
              { label: s.compensationOwed, num: true },
            ]}
            rows={p.entityParts.rows.map((r) => [r.entity, r.law, r.outstanding, r.overdue, r.interest, r.compensation])}
          />
        </section>
      )}
      <section aria-labelledby="trend">
        <h2 id="trend">{t.trend}</h2>
        {p.trend.chart && <BarChart id="harm-trend" title={t.trendChartTitle} desc={t.trendChartDesc} g={p.trend.chart} />}
        <details>
          <summary>{s.figures}</summary>
          <table class="figures">
            <caption>{t.trendCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{p.locale.t.app.overview.day}</th>
                <th scope="col" class="num">
                  {s.overdue}
                </th>
                <th scope="col" class="num">
                  {p.locale.t.app.ranking.colMaxDays}
                </th>
                <th scope="col" class="num">
                  {t.harm}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.trend.rows.map((r) => (
                <tr>
                  <th scope="row">{r.day}</th>
                  <td class="num">{r.overdue}</td>
                  <td class="num">{r.maxDays}</td>
                  <td class="num">{r.harm}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
      <section aria-labelledby="master">
        <h2 id="master">{t.masterData}</h2>
        {p.masterMissing && <p class="warning">{t.masterMissing}</p>}
        <dl>
          {p.master.map((m) => (
            <div>
              <dt>{m.label}</dt>
              <dd>{m.value}</dd>
            </div>
          ))}
          <div>
            <dt>{t.remittance}</dt>
            <dd>{p.remittance.optedOut ? t.remittanceOff : t.remittanceOn}</dd>
          </div>
        </dl>
        {p.remittance.canChange && (
          <ActionButton
            action={p.remittance.action}
            csrfToken={p.app.csrfToken}
            label={p.remittance.optedOut ? t.remittanceStart : t.remittanceStop}
            fields={{ optOut: p.remittance.optedOut ? 'false' : 'true' }}
          />
        )}
      </section>
      <section aria-labelledby="invoices">
        <h2 id="invoices">{t.invoices}</h2>
        <nav aria-label={t.invoiceFilterLabel} class="tabs">
          <ul>
            {p.invoices.filters.map((f) => (
              <li>
                <a href={f.href} aria-current={f.current ? 'page' : undefined}>
                  {f.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {p.invoiceSteps && p.invoiceSteps.size > 0 && <p class="meta">{t.stepNote}</p>}
        <InvoiceTable
          locale={p.locale}
          caption={p.invoices.caption}
          rows={p.invoices.rows}
          action={
            p.invoiceSteps
              ? {
                  heading: t.colAction,
                  cell: (number) => {
                    const step = p.invoiceSteps?.get(number);
                    if (!step) return null;
                    const base = `${p.selfPath}/invoices/${encodeURIComponent(number)}`;
                    const id = `pay-${number.replace(/[^A-Za-z0-9_-]/g, '_')}`;
                    return (
                      <div class="actions">
                        {step.approve && (
                          <ActionButton action={`${base}/approve`} csrfToken={csrf} label={t.approve} fields={{ back: p.invoiceFilter }} />
                        )}
                        <form method="post" action={`${base}/schedule`} class="step">
                          <input type="hidden" name="_csrf" value={csrf} />
                          <input type="hidden" name="back" value={p.invoiceFilter} />
                          <label for={id} class="visually-hidden">
                            {t.scheduleLabel(number)}
                          </label>
                          <input type="date" id={id} name="date" value={step.date} min={p.today} />
                          <button type="submit" class="secondary">
                            {t.schedule}
                          </button>
                        </form>
                      </div>
                    );
                  },
                }
              : undefined
          }
        />
      </section>
      <section aria-labelledby="links">
        <h2 id="links">{t.links}</h2>
        <p>{t.linksIntro}</p>
        {p.links.length === 0 ? (
          <p>{t.noLinks}</p>
        ) : (
          <table class="figures">
            <caption>{t.links}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colCreated}</th>
                <th scope="col">{t.colBy}</th>
                <th scope="col">{t.colExpires}</th>
                <th scope="col">{t.colOpened}</th>
                <th scope="col" class="num">
                  {t.colCount}
                </th>
                <th scope="col">{t.colState}</th>
                {p.canManageLinks && <td />}
              </tr>
            </thead>
            <tbody>
              {p.links.map((l) => (
                <tr>
                  <th scope="row">{l.created}</th>
                  <td>{l.by}</td>
                  <td>{l.expires}</td>
                  <td>{l.opened}</td>
                  <td class="num">{l.count}</td>
                  <td>{l.state}</td>
                  {p.canManageLinks && (
                    <td>{l.active && <ActionButton action={`${p.selfPath}/links/${l.id}/revoke`} csrfToken={csrf} label={t.revoke} />}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {p.canManageLinks && (
          <form method="post" action={`${p.selfPath}/links`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit">{t.create}</button>
          </form>
        )}
      </section>
      <section aria-labelledby="alerts">
        <h2 id="alerts">{t.alerts}</h2>
        {p.alerts.length === 0 ? (
          <p>{t.noAlerts}</p>
        ) : (
          <ul class="messages">
            {p.alerts.map((a) => (
              <li>
                <p class="meta">
                  <span class={`badge ${a.critical ? 'level-critical' : 'level-high'}`}>{a.severity}</span> <strong>{a.rule}</strong> ·{' '}
                  {a.state}
                </p>
                {a.details.map((d) => (
                  <p>{d}</p>
                ))}
                {a.actions.length > 0 && (
                  <div class="actions">
                    {a.actions.map((x) => (
                      <a class="button secondary" href={x.href}>
                        {x.text}
                      </a>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/app/alerts">{t.allAlerts}</a>
        </p>
      </section>
      <section aria-labelledby="messages">
        <h2 id="messages">{t.messages}</h2>
        {p.messages.length === 0 ? (
          <p>{t.noMessages}</p>
        ) : (
          <ul class="messages">
            {p.messages.map((m) => (
              <li>
                <p class="meta">
                  {m.when} · {m.kind}
                  {m.invoice && ` · ${m.invoice}`}
                </p>
                <p>{m.message}</p>
                {m.handled ? (
                  <p class="meta">{m.handled}</p>
                ) : (
                  <ActionButton action={`${p.selfPath}/messages/${m.id}/handled`} csrfToken={csrf} label={t.markHandled} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
