/**
 * The mapping step: a field per row with a choice of the file's columns (and "not in this file"),
 * the formats, and the first rows as they will be read. Without JavaScript "Show the preview" posts
 * the choices and the page comes back with them; with it the preview follows each change (columns.js).
 */
import { assetUrl } from '../../assets.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { ColumnChoices, ColumnsView } from '../../view-models/columns-view.ts';
import { type AppChrome, describedBy, ErrorSummary, FieldMessage, Layout, TextField } from '../layout.tsx';
import { ScrollTable } from '../tables.tsx';

export interface ColumnsPageProps {
  locale: Locale;
  app: AppChrome;
  fileName: string;
  action: string;
  v: ColumnsView;
  choices: ColumnChoices;
}

export function ColumnsPage({ locale, app, fileName, action, v, choices }: ColumnsPageProps) {
  const t = locale.t.columns;
  const select = (id: string, label: string, value: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={id}>{label}</label>
      <FieldMessage id={id} errors={v.errors} />
      <select id={id} name={id} aria-describedby={describedBy(id, v.errors)}>
        {options.map(([val, text]) => (
          <option value={val} selected={val === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout locale={locale} title={t.title(fileName)} app={app} hasError={v.errors.length > 0}>
      <ErrorSummary locale={locale} errors={v.errors} />
      <h1>{t.title(fileName)}</h1>
      <p class="lead">{t.intro}</p>
      <form method="post" action={action} id="columns" data-preview-url={action}>
        <input type="hidden" name="_csrf" value={app.csrfToken} />
        <ScrollTable
          id="fields"
          caption={t.fieldsCaption}
          columns={[{ label: t.colField }, { label: t.colColumn }, { label: t.colSamples }]}
          rows={v.fields.map((f) => [
            <label for={f.id}>
              {f.label}
              {f.required && <span class="hint"> ({t.required})</span>}
            </label>,
            <>
              <FieldMessage id={f.id} errors={v.errors} />
              <select id={f.id} name={f.id} aria-describedby={describedBy(f.id, v.errors)}>
                <option value="" selected={f.selected === null}>
                  {t.notInFile}
                </option>
                {v.options.map((o) => (
                  <option value={String(o.index)} selected={o.index === f.selected}>
                    {o.label}
                  </option>
                ))}
              </select>
            </>,
            f.samples,
          ])}
        />
        <fieldset>
          <legend>{t.formats}</legend>
          {select('encoding', t.encoding, choices.encoding, [
            ['', t.detected(v.detected.encoding)],
            ['utf-8', 'UTF-8'],
            ['windows-1252', 'Windows-1252'],
          ])}
          {select('delimiter', t.delimiter, choices.delimiter, [
            ['', t.detected(v.detected.delimiter)],
            [';', ';'],
            [',', ','],
            ['tab', 'tab'],
          ])}
          {select('decimalMark', t.decimalMark, choices.decimalMark, [
            ['', t.detected(`"${v.detected.decimalMark}"`)],
            [',', '1.234,56'],
            ['.', '1,234.56'],
          ])}
          {select('dateOrder', t.dateOrder, choices.dateOrder, [
            ['', t.detected(v.detected.dateOrder === 'DMY' ? '31-12-2025' : '12-31-2025')],
            ['DMY', '31-12-2025'],
            ['MDY', '12-31-2025'],
          ])}
          <div class="choice">
            <input type="checkbox" id="negate" name="negate" value="1" checked={choices.negate} />
            <label for="negate">{t.negate}</label>
          </div>
        </fieldset>
        <div id="preview" aria-live="polite">
          {v.preview ? (
            <ScrollTable
              id="preview-caption"
              caption={t.previewCaption}
              columns={[{ label: t.colLine, num: true }, ...v.preview.headings.map((label) => ({ label })), { label: t.colResult }]}
              rows={v.preview.rows.map((r) => [r.line, ...r.cells, r.rejected ? <strong>{r.result}</strong> : r.result])}
            />
          ) : (
            <p>{t.noPreview}</p>
          )}
        </div>
        <button type="submit" name="go" value="preview" class="secondary">
          {t.preview}
        </button>
        <TextField
          id="name"
          label={t.name}
          hint={t.nameHint}
          errors={v.errors}
          value={choices.name}
          attrs={{ maxlength: '100', autocomplete: 'off' }}
        />
        <button type="submit" name="go" value="import">
          {t.import}
        </button>
      </form>
      <script src={assetUrl('columns.js')} defer />
    </Layout>
  );
}
