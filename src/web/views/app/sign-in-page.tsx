import type { Locale } from '../../i18n/locale.ts';
import { ErrorSummary, type FieldError, Layout, TextField } from '../layout.tsx';

export interface SignInProps {
  locale: Locale;
  csrfToken: string;
  email: string;
  next: string;
  errors: FieldError[];
  notice: string | null;
  /** The identity provider's name, when people sign in through it. */
  provider: string | null;
  /** Whether password sign-in is on. */
  passwords: boolean;
}

export function SignInPage({ locale, csrfToken, email, next, errors, notice, provider, passwords }: SignInProps) {
  const t = locale.t.app.signIn;
  return (
    <Layout locale={locale} title={t.title} hasError={errors.length > 0} staff>
      <ErrorSummary locale={locale} errors={errors} />
      {notice && (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      )}
      <h1>{t.heading}</h1>
      {provider && (
        <p>
          <a class="button" href={`/sign-in/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}`}>
            {t.withProvider(provider)}
          </a>
        </p>
      )}
      {!passwords && <p>{t.passwordsOff}</p>}
      {passwords && provider && <h2>{t.orPassword}</h2>}
      {passwords && (
        <form method="post" action="/sign-in" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="next" value={next} />
          <TextField
            id="email"
            label={t.email}
            errors={errors}
            value={email}
            attrs={{ inputmode: 'email', autocomplete: 'username', spellcheck: 'false' }}
          />
          <TextField id="password" type="password" label={t.password} errors={errors} attrs={{ autocomplete: 'current-password' }} />
          <button type="submit">{t.submit}</button>
        </form>
      )}
      {passwords && <p class="meta">{t.firstUser}</p>}
    </Layout>
  );
}

export interface SetPasswordProps {
  locale: Locale;
  csrfToken: string;
  email: string;
  action: string;
  errors: FieldError[];
  /** The shortest password accepted (said in the hint). */
  passwordMin: number;
}

export function SetPasswordPage({ locale, csrfToken, email, action, errors, passwordMin }: SetPasswordProps) {
  const t = locale.t.app.setPassword;
  return (
    <Layout locale={locale} title={t.title} hasError={errors.length > 0} staff>
      <ErrorSummary locale={locale} errors={errors} />
      <h1>{t.heading}</h1>
      <p>{t.intro(email)}</p>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="text" name="username" autocomplete="username" value={email} hidden />
        <TextField
          id="password"
          type="password"
          label={t.password}
          hint={t.hint(passwordMin)}
          errors={errors}
          attrs={{ autocomplete: 'new-password' }}
        />
        <TextField id="confirm" type="password" label={t.confirm} errors={errors} attrs={{ autocomplete: 'new-password' }} />
        <button type="submit">{t.submit}</button>
      </form>
    </Layout>
  );
}
