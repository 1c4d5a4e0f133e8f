import type { Locale } from '../../i18n/locale.ts';
import { ActionButton, type AppChrome, ErrorSummary, type FieldError, Layout, TextField } from '../layout.tsx';
import { FiguresTable } from '../tables.tsx';

export interface AdminProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  /** A secret shown once: a set-password link or an API token. */
  shownOnce: { label: string; value: string } | null;
  users: Array<{ id: string; email: string; role: string; state: string; lastSignIn: string; active: boolean }>;
  tokens: Array<{ id: string; name: string; role: string; created: string; lastUsed: string; revoked: boolean }>;
  rates: Array<{ family: string; from: string; rate: string; source: string }>;
  /** Half-years without their rate, in words: the coming ones and any already in use. */
  lackingRates: string[];
  settings: Array<{ label: string; value: string }>;
  runSettings: { approvers: 1 | 2; grouping: 'supplier' | 'invoice'; remittanceOn: 'export' | 'statement' };
  roles: readonly string[];
}

export function AdminPage(p: AdminProps) {
  const t = p.locale.t.app.admin;
  const csrf = <input type="hidden" name="_csrf" value={p.app.csrfToken} />;
  const errors = p.errors;
  const field = (id: string, label: string, hint?: string, attrs: Record<string, string> = {}) => (
    <TextField id={id} label={label} hint={hint} errors={errors} attrs={attrs} />
  );
  const roleSelect = (id: string) => (
    <div class="field">
      <label for={id}>{t.role}</label>
      <select id={id} name="role">
        {p.roles.map((r) => (
          <option value={r}>{r}</option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout locale={p.locale} title={t.title} app={p.app} hasError={errors.length > 0}>
      <ErrorSummary locale={p.locale} errors={errors} />
      <h1>{t.heading}</h1>
      <ul class="links">
        <li>
          <a href="/app/admin/entities">{p.locale.t.app.entities.link}</a>
        </li>
        <li>
          <a href="/app/admin/audit">{p.locale.t.app.audit.link}</a>
        </li>
      </ul>
      {p.shownOnce && (
        <div class="notice" role="status">
          <p>{p.shownOnce.label}</p>
          <p>
            <code class="copy">{p.shownOnce.value}</code>
          </p>
        </div>
      )}
      <section aria-labelledby="users">
        <h2 id="users">{t.users}</h2>
        <section class="scroll" aria-labelledby="users-caption" tabindex={0}>
          <table class="figures">
            <caption id="users-caption">{t.users}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colEmail}</th>
                <th scope="col">{t.colRole}</th>
                <th scope="col">{t.colState}</th>
                <th scope="col">{t.colLastSignIn}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {p.users.map((u) => (
                <tr>
                  <th scope="row">{u.email}</th>
                  <td>{u.role}</td>
                  <td>{u.state}</td>
                  <td>{u.lastSignIn}</td>
                  <td>
                    {u.active && (
                      <div class="actions">
                        <ActionButton action={`/app/admin/users/${u.id}/reset`} csrfToken={p.app.csrfToken} label={t.resetLink} />
                        <ActionButton action={`/app/admin/users/${u.id}/sign-out`} csrfToken={p.app.csrfToken} label={t.signOutUser} />
                        <ActionButton action={`/app/admin/users/${u.id}/disable`} csrfToken={p.app.csrfToken} label={t.disable} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h3>{t.addUser}</h3>
        <form method="post" action="/app/admin/users" class="inline" novalidate>
          {csrf}
          {field('email', t.email, undefined, { inputmode: 'email', autocomplete: 'off' })}
          {roleSelect('user-role')}
          <button type="submit">{t.add}</button>
        </form>
      </section>
      <section aria-labelledby="tokens">
        <h2 id="tokens">{t.tokens}</h2>
        <section class="scroll" aria-labelledby="tokens-caption" tabindex={0}>
          <table class="figures">
            <caption id="tokens-caption">{t.tokens}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colName}</th>
                <th scope="col">{t.colRole}</th>
                <th scope="col">{t.colCreated}</th>
                <th scope="col">{t.colLastUsed}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((k) => (
                <tr>
                  <th scope="row">{k.name}</th>
                  <td>{k.role}</td>
                  <td>{k.created}</td>
                  <td>{k.lastUsed}</td>
                  <td>
                    {k.revoked ? (
                      t.revoked
                    ) : (
                      <ActionButton action={`/app/admin/tokens/${k.id}/revoke`} csrfToken={p.app.csrfToken} label={t.revoke} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h3>{t.addToken}</h3>
        <form method="post" action="/app/admin/tokens" class="inline" novalidate>
          {csrf}
          {field('name', t.name, undefined, { autocomplete: 'off', maxlength: '100' })}
          {roleSelect('token-role')}
          <button type="submit">{t.add}</button>
        </form>
      </section>
      <section aria-labelledby="rates">
        <h2 id="rates">{t.rates}</h2>
        <p>{t.ratesIntro}</p>
        {p.lackingRates.length > 0 && (
          <div class="notice" role="note" aria-labelledby="rates-lacking">
            <h3 id="rates-lacking">{t.lacking}</h3>
            <ul>
              {p.lackingRates.map((x) => (
                <li>{x}</li>
              ))}
            </ul>
          </div>
        )}
        <section class="scroll" aria-labelledby="rates-caption" tabindex={0}>
          <table class="figures">
            <caption id="rates-caption">{t.rates}</caption>
            <thead>
              <tr>
                <th scope="col">{t.family}</th>
                <th scope="col">{t.colFrom}</th>
                <th scope="col" class="num">
                  {t.colRate}
                </th>
                <th scope="col">{t.colSource}</th>
              </tr>
            </thead>
            <tbody>
              {p.rates.map((r) => (
                <tr>
                  <td>{r.family}</td>
                  <th scope="row">{r.from}</th>
                  <td class="num">{r.rate}</td>
                  <td>{r.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h3>{t.addRate}</h3>
        <form method="post" action="/app/admin/rates" novalidate>
          {csrf}
          <div class="field">
            <label for="family">{t.family}</label>
            <select id="family" name="family">
              <option value="EU">EU (ECB)</option>
              <option value="UK">UK (Bank of England)</option>
            </select>
          </div>
          {field('date', t.date, t.dateHint, { class: 'short' })}
          {field('rate', t.rate, undefined, { class: 'short', inputmode: 'decimal' })}
          {field('source', t.source, undefined, { maxlength: '200' })}
          <button type="submit">{t.add}</button>
        </form>
      </section>
      <section aria-labelledby="run-settings">
        <h2 id="run-settings">{t.runSettings}</h2>
        <form method="post" action="/app/admin/payment-runs">
          {csrf}
          <fieldset>
            <legend>{t.runApprovers}</legend>
            {([1, 2] as const).map((n) => (
              <div class="choice">
                <input type="radio" id={`approvers-${n}`} name="approvers" value={String(n)} checked={p.runSettings.approvers === n} />
                <label for={`approvers-${n}`}>{n}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t.runGrouping}</legend>
            {(
              [
                ['supplier', t.runGroupingSupplier],
                ['invoice', t.runGroupingInvoice],
              ] as const
            ).map(([v, label]) => (
              <div class="choice">
                <input type="radio" id={`grouping-${v}`} name="grouping" value={v} checked={p.runSettings.grouping === v} />
                <label for={`grouping-${v}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t.runRemittance}</legend>
            {(
              [
                ['export', t.runRemittanceExport],
                ['statement', t.runRemittanceStatement],
              ] as const
            ).map(([v, label]) => (
              <div class="choice">
                <input type="radio" id={`remittance-${v}`} name="remittanceOn" value={v} checked={p.runSettings.remittanceOn === v} />
                <label for={`remittance-${v}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t.runSave}</button>
        </form>
      </section>
      <section aria-labelledby="settings">
        <h2 id="settings">{t.settings}</h2>
        <p>{t.settingsIntro}</p>
        <FiguresTable caption={t.settings} rows={p.settings} />
      </section>
      <section aria-labelledby="queues">
        <h2 id="queues">{t.queues}</h2>
        <p>
          <a href="/app/admin/queues">{t.queuesLink}</a>
        </p>
      </section>
    </Layout>
  );
}
