import type { AlertAction } from '../../services/alerts/action-links.ts';
import type { Locale } from '../i18n/locale.ts';
import { ErrorSummary, type FieldError, Layout, TextField } from './layout.tsx';

export interface AlertActionProps {
  locale: Locale;
  action: AlertAction;
  headline: string;
  detail: string;
  /** The form posts back to the same signed URL. */
  postTo: string;
  until: string;
  errors: FieldError[];
  /** Set once done (or when there is nothing left to do). */
  outcome: string | null;
}

/** Opened from an alert e-mail without signing in: says what the alert is, and asks before acting. */
export function AlertActionPage(p: AlertActionProps) {
  const t = p.locale.t.alerts.action;
  return (
    <Layout locale={p.locale} title={t.title[p.action]} hasError={p.errors.length > 0} staff>
      <ErrorSummary locale={p.locale} errors={p.errors} />
      <h1>{t.title[p.action]}</h1>
      <section class="result" aria-label={p.headline}>
        <h2>{p.headline}</h2>
        <p>{p.detail}</p>
      </section>
      {p.outcome ? (
        <p class="notice" role="status">
          {p.outcome}
        </p>
      ) : (
        <form method="post" action={p.postTo}>
          {p.action === 'snooze' && (
            <TextField
              id="until"
              label={t.until}
              hint={t.untilHint}
              errors={p.errors}
              value={p.until}
              attrs={{ class: 'short', inputmode: 'numeric' }}
            />
          )}
          <button type="submit">{t.confirm[p.action]}</button>
        </form>
      )}
    </Layout>
  );
}
