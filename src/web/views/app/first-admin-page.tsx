import type { Locale } from '../../i18n/locale.ts';
import { ErrorSummary, type FieldError, Layout, TextField } from '../layout.tsx';

export interface FirstAdminProps {
  locale: Locale;
  csrfToken: string;
  action: string;
  email: string;
  errors: FieldError[];
  passwordMin: number;
}

/** Choosing the first admin's e-mail address and password, from the link printed at the first start. */
export function FirstAdminPage({ locale, csrfToken, action, email, errors, passwordMin }: FirstAdminProps) {
  const t = locale.t.app.firstAdmin;
  const p = locale.t.app.setPassword;
  return (
    <Layout locale={locale} title={t.title} hasError={errors.length > 0} staff>
      <ErrorSummary locale={locale} errors={errors} />
      <h1>{t.heading}</h1>
      <p>{t.intro}</p>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <TextField
          id="email"
          label={t.email}
          hint={t.emailHint}
          errors={errors}
          value={email}
          attrs={{ inputmode: 'email', autocomplete: 'username', spellcheck: 'false' }}
        />
        <TextField
          id="password"
          type="password"
          label={p.password}
          hint={p.hint(passwordMin)}
          errors={errors}
          attrs={{ autocomplete: 'new-password' }}
        />
        <TextField id="confirm" type="password" label={p.confirm} errors={errors} attrs={{ autocomplete: 'new-password' }} />
        <button type="submit">{t.submit}</button>
      </form>
    </Layout>
  );
}
