/** The group's legal entities (admins): the list, and an entities file imported all or nothing. */
import type { Locale } from '../../i18n/locale.ts';
import { type AppChrome, describedBy, ErrorSummary, type FieldError, FieldMessage, Layout } from '../layout.tsx';
import { ScrollTable } from '../tables.tsx';

export interface EntitiesPageProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  /** What the last import did, in words. */
  done: string | null;
  fromFile: boolean;
  entities: string[][];
  /** The lines of a refused file. */
  fileErrors: Array<{ line: string; column: string; value: string; reason: string }>;
}

export function EntitiesPage(p: EntitiesPageProps) {
  const t = p.locale.t.app.entities;
  return (
    <Layout locale={p.locale} title={t.title} app={p.app} hasError={p.errors.length > 0}>
      <ErrorSummary locale={p.locale} errors={p.errors} />
      <p>
        <a href="/app/admin">{p.locale.t.app.admin.heading}</a>
      </p>
      <h1>{t.heading}</h1>
      <p class="lead">{t.intro}</p>
      {p.done && (
        <div class="notice" role="status">
          <p>{p.done}</p>
        </div>
      )}
      {!p.fromFile && <p>{t.fromSettings}</p>}
      <ScrollTable
        id="entities-caption"
        caption={t.caption}
        columns={[
          { label: t.colCode },
          { label: t.colName },
          { label: t.colCountry },
          { label: t.colRegime },
          { label: t.colLarge },
          { label: t.colTerms, num: true },
          { label: t.colYear },
          { label: t.colCurrency },
          { label: t.colAccount },
        ]}
        rows={p.entities}
      />
      {p.fileErrors.length > 0 && (
        <section aria-labelledby="file-errors">
          <h2 id="file-errors">{t.errorsCaption}</h2>
          <p>{t.rejected}</p>
          <ScrollTable
            id="file-errors-caption"
            caption={t.errorsCaption}
            columns={[{ label: t.colLine, num: true }, { label: t.colColumn }, { label: t.colValue }, { label: t.colReason }]}
            rows={p.fileErrors.map((e) => [e.line, e.column, e.value, e.reason])}
          />
        </section>
      )}
      <section aria-labelledby="upload">
        <h2 id="upload">{t.upload}</h2>
        <p id="file-hint">{t.uploadHint}</p>
        <form method="post" action="/app/admin/entities" enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={p.app.csrfToken} />
          <div class="field">
            <label for="file">{t.file}</label>
            <FieldMessage id="file" errors={p.errors} />
            <input
              id="file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={describedBy('file', p.errors, true)}
              required
            />
          </div>
          <button type="submit">{t.submit}</button>
        </form>
      </section>
    </Layout>
  );
}
