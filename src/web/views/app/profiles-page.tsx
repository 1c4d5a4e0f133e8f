/** Import profiles (finance, admin): each saved way of reading an export, renamed or removed here. */
import type { Locale } from '../../i18n/locale.ts';
import { ActionButton, type AppChrome, describedBy, ErrorSummary, type FieldError, FieldMessage, Layout } from '../layout.tsx';
import { ScrollTable } from '../tables.tsx';

export interface ProfilesPageProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  profiles: Array<{ id: string; name: string; kind: string; mapping: string; changed: string }>;
  erp: string[];
}

export function ProfilesPage({ locale, app, errors, profiles, erp }: ProfilesPageProps) {
  const t = locale.t.columns;
  return (
    <Layout locale={locale} title={t.profiles} app={app} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      <p>
        <a href="/app/imports">{locale.t.app.nav.imports}</a>
      </p>
      <h1>{t.profiles}</h1>
      <p class="lead">{t.profilesIntro}</p>
      {profiles.length === 0 ? (
        <p>{t.noProfiles}</p>
      ) : (
        <ScrollTable
          id="profiles"
          caption={t.profilesCaption}
          columns={[
            { label: t.colName },
            { label: t.colKind },
            { label: t.colMapping },
            { label: t.colChanged },
            { label: t.rename },
            { label: t.remove },
          ]}
          rows={profiles.map((p) => [
            p.name,
            p.kind,
            p.mapping,
            p.changed,
            <form method="post" action={`/app/imports/profiles/${p.id}/rename`} class="inline">
              <input type="hidden" name="_csrf" value={app.csrfToken} />
              <label for={`name-${p.id}`} class="visually-hidden">
                {t.newName}
              </label>
              <FieldMessage id={`name-${p.id}`} errors={errors} />
              <input
                type="text"
                id={`name-${p.id}`}
                name="name"
                value={p.name}
                maxlength={100}
                aria-describedby={describedBy(`name-${p.id}`, errors)}
              />
              <button type="submit" class="secondary">
                {t.rename}
              </button>
            </form>,
            <ActionButton action={`/app/imports/profiles/${p.id}/remove`} csrfToken={app.csrfToken} label={t.remove} />,
          ])}
        />
      )}
      <h2>{t.erp}</h2>
      <p>{t.erpIntro}</p>
      <ul>
        {erp.map((name) => (
          <li>{name}</li>
        ))}
      </ul>
    </Layout>
  );
}
