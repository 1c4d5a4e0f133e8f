import type { ComponentChildren } from 'preact';
import { assetUrl } from '../assets.ts';
import type { Locale } from '../i18n/locale.ts';

/** The web app's own header: its sections, who is signed in, and signing out. */
export interface AppChrome {
  nav: Array<{ href: string; label: string; current: boolean }>;
  user: string;
  csrfToken: string;
  /** Sample data is loaded: every page says so; an admin can remove it from here. */
  sample: { removable: boolean } | null;
}

export interface LayoutProps {
  locale: Locale;
  title: string;
  /** The page shows a form error: the title starts with "Error:" so a screen reader hears it first. */
  hasError?: boolean;
  /** Pages of the signed-in web app. */
  app?: AppChrome;
  /** A page for the organisation's own people (sign-in, an alert's link): the web app's tagline. */
  staff?: boolean;
  /** A public page showing sample data (the web app's pages say so through `app`). */
  sample?: boolean;
  children: ComponentChildren;
}

export function Layout({ locale, title, hasError, app, staff, sample, children }: LayoutProps) {
  const { t, lang } = locale;
  const other = lang === 'nl' ? 'en' : 'nl';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${hasError ? t.errors.titlePrefix : ''}${title} – tijdig`}</title>
        <link rel="stylesheet" href={assetUrl('tijdig.css')} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.layout.skip}
        </a>
        <header class="site">
          <div class="wrap">
            <span class="brand">
              {t.layout.brand} <span class="tagline">{app || staff ? t.app.tagline : t.layout.tagline}</span>
            </span>
            <nav aria-label={t.lang.switchLabel}>
              <a href={`?lang=${other}`} hreflang={other} lang={other}>
                {t.lang.switchTo}
              </a>
            </nav>
          </div>
        </header>
        {app && (
          <div class="appbar">
            <div class="wrap">
              <nav aria-label={t.app.navLabel}>
                <ul>
                  {app.nav.map((n) => (
                    <li>
                      <a href={n.href} aria-current={n.current ? 'page' : undefined}>
                        {n.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <form method="post" action="/sign-out" class="sign-out">
                <a href="/app/account">{app.user}</a>
                <input type="hidden" name="_csrf" value={app.csrfToken} />
                <button type="submit" class="link">
                  {t.app.signOut}
                </button>
              </form>
            </div>
          </div>
        )}
        {(sample || app?.sample) && (
          <div class="sample-banner" role="note" aria-labelledby="sample-banner">
            <div class="wrap">
              <p>
                <strong id="sample-banner">{t.layout.sample}</strong> {t.layout.sampleBody}
              </p>
              {app?.sample?.removable && (
                <form method="post" action="/app/sample-data/remove">
                  <input type="hidden" name="_csrf" value={app.csrfToken} />
                  <button type="submit" class="secondary">
                    {t.layout.sampleRemove}
                  </button>
                </form>
              )}
            </div>
          </div>
        )}
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <div class="wrap">
            <p>{t.layout.poweredBy}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export interface FieldError {
  /** The id of the input the error is about. */
  field: string;
  message: string;
}

/** "There is a problem": each error a link to its field, in the same words as beside the field. */
export function ErrorSummary({ locale, errors }: { locale: Locale; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{locale.t.errors.summary}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The message beside a field, when it has one. */
export function FieldMessage({ id, errors }: { id: string; errors: FieldError[] }) {
  const e = errors.find((x) => x.field === id);
  return e ? (
    <p class="field-error" id={`${id}-error`}>
      {e.message}
    </p>
  ) : null;
}

/** aria-describedby for a field: its hint and its error, where present. */
export function describedBy(id: string, errors: FieldError[], hint = false): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors.some((e) => e.field === id) ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A labelled text (or password) field with its hint and its error message, wired for screen readers. */
export function TextField(p: {
  id: string;
  label: string;
  hint?: string | null;
  errors: FieldError[];
  value?: string;
  type?: 'text' | 'password';
  attrs?: Record<string, string>;
}) {
  const common = {
    id: p.id,
    name: p.id,
    value: p.value ?? '',
    'aria-describedby': describedBy(p.id, p.errors, !!p.hint),
    'aria-invalid': p.errors.some((e) => e.field === p.id) || undefined,
  };
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <FieldMessage id={p.id} errors={p.errors} />
      {/* Two elements rather than a type prop: preact types each input type's attributes apart. */}
      {p.type === 'password' ? <input type="password" {...common} {...p.attrs} /> : <input type="text" {...common} {...p.attrs} />}
    </div>
  );
}

/** A form of one button that posts to `action` (revoke, disable, mark handled…), with the CSRF token and any fixed `fields`. */
export function ActionButton(p: { action: string; csrfToken: string; label: string; class?: string; fields?: Record<string, string> }) {
  return (
    <form method="post" action={p.action} class={p.class}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      {Object.entries(p.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="secondary">
        {p.label}
      </button>
    </form>
  );
}

/** A page that only says something: not found, too many attempts, not published. */
export function MessagePage(p: {
  locale: Locale;
  title: string;
  heading: string;
  paragraphs: string[];
  link?: { href: string; text: string };
  staff?: boolean;
  /** Inside the web app: its header and navigation. */
  app?: AppChrome;
}) {
  return (
    <Layout locale={p.locale} title={p.title} staff={p.staff} app={p.app}>
      <h1>{p.heading}</h1>
      {p.paragraphs.map((text) => (
        <p>{text}</p>
      ))}
      {p.link && (
        <p>
          <a href={p.link.href}>{p.link.text}</a>
        </p>
      )}
    </Layout>
  );
}
