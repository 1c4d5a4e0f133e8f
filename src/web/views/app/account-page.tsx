/** A user's own account: who they are signed in as, their sessions, and signing out everywhere. */
import type { Locale } from '../../i18n/locale.ts';
import { ActionButton, type AppChrome, Layout } from '../layout.tsx';
import { ScrollTable } from '../tables.tsx';

export interface AccountPageProps {
  locale: Locale;
  app: AppChrome;
  email: string;
  role: string;
  sessions: Array<{ started: string; lastSeen: string; address: string; agent: string; current: boolean }>;
  limits: string;
}

export function AccountPage({ locale, app, email, role, sessions, limits }: AccountPageProps) {
  const t = locale.t.app.account;
  return (
    <Layout locale={locale} title={t.title} app={app}>
      <h1>{t.title}</h1>
      <p class="lead">{t.signedInAs(email, role)}</p>
      <h2 id="sessions-heading">{t.sessions}</h2>
      <p>{limits}</p>
      <ScrollTable
        id="sessions"
        caption={t.sessionsCaption}
        columns={[{ label: t.colStarted }, { label: t.colLastSeen }, { label: t.colAddress }, { label: t.colAgent }]}
        rows={sessions.map((s) => [s.current ? `${s.started} (${t.thisOne})` : s.started, s.lastSeen, s.address, s.agent])}
      />
      <ActionButton action="/app/account/sign-out-everywhere" csrfToken={app.csrfToken} label={t.signOutEverywhere} />
      <p class="hint">{t.signOutEverywhereHint}</p>
    </Layout>
  );
}
