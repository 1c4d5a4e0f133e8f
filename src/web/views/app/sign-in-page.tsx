import type { Locale } from '../../i18n/locale';
import { describedBy, ErrorSummary, type FieldError, FieldMessage, Layout } from '../layout';

export interface SignInProps {
  locale: Locale;
  csrfToken: string;
  email: string;
  next: string;
  errors: FieldError[];
  notice: string | null;
}

export function SignInPage({ locale, csrfToken, email, next, errors, notice }: SignInProps) {
  const t = locale.t.app.signIn;
  return (
    <Layout locale={locale} title={t.title} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      {notice && (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      )}
      <h1>{t.heading}</h1>
      <form method="post" action="/sign-in" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="email">{t.email}</label>
          <FieldMessage id="email" errors={errors} />
          <input
            id="email"
            name="email"
            type="text"
            inputmode="email"
            autocomplete="username"
            spellcheck={false}
            value={email}
            aria-describedby={describedBy('email', errors)}
          />
        </div>
        <div class="field">
          <label for="password">{t.password}</label>
          <FieldMessage id="password" errors={errors} />
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            aria-describedby={describedBy('password', errors)}
          />
        </div>
        <button type="submit">{t.submit}</button>
      </form>
      <p class="meta">{t.firstUser}</p>
    </Layout>
  );
}

export interface SetPasswordProps {
  locale: Locale;
  csrfToken: string;
  email: string;
  action: string;
  errors: FieldError[];
}

export function SetPasswordPage({ locale, csrfToken, email, action, errors }: SetPasswordProps) {
  const t = locale.t.app.setPassword;
  return (
    <Layout locale={locale} title={t.title} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      <h1>{t.heading}</h1>
      <p>{t.intro(email)}</p>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="text" name="username" autocomplete="username" value={email} hidden />
        <div class="field">
          <label for="password">{t.password}</label>
          <p class="hint" id="password-hint">
            {t.hint(12)}
          </p>
          <FieldMessage id="password" errors={errors} />
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            aria-describedby={describedBy('password', errors, true)}
          />
        </div>
        <div class="field">
          <label for="confirm">{t.confirm}</label>
          <FieldMessage id="confirm" errors={errors} />
          <input
            id="confirm"
            name="confirm"
            type="password"
            autocomplete="new-password"
            aria-describedby={describedBy('confirm', errors)}
          />
        </div>
        <button type="submit">{t.submit}</button>
      </form>
    </Layout>
  );
}
