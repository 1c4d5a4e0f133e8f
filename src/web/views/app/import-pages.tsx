import { assetUrl } from '../../assets.ts';
import type { Locale } from '../../i18n/locale.ts';
import { type AppChrome, ErrorSummary, type FieldError, FieldMessage, Layout } from '../layout.tsx';
import { FiguresTable } from '../tables.tsx';
import { StatementUpload } from './payment-run-pages.tsx';

export interface ImportListProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  history: Array<{ href: string; file: string; kind: string; when: string; by: string; status: string; counts: string }>;
}

export function ImportsPage({ locale, app, errors, history }: ImportListProps) {
  const t = locale.t.app.imports;
  const choice = (name: string, id: string, label: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{t.detect}</option>
        {options.map(([v, text]) => (
          <option value={v}>{text}</option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout locale={locale} title={t.title} app={app} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      <h1>{t.heading}</h1>
      <form method="post" action="/app/imports" enctype="multipart/form-data" id="upload" data-uploading={t.uploading}>
        <input type="hidden" name="_csrf" value={app.csrfToken} />
        <fieldset>
          <legend>{t.kind}</legend>
          <div class="choice">
            <input type="radio" id="kind-invoices" name="kind" value="invoices" checked />
            <label for="kind-invoices">{t.kindInvoices}</label>
          </div>
          <div class="choice">
            <input type="radio" id="kind-suppliers" name="kind" value="suppliers" />
            <label for="kind-suppliers">{t.kindSuppliers}</label>
          </div>
        </fieldset>
        <details>
          <summary>{t.options}</summary>
          {choice('delimiter', 'delimiter', t.delimiter, [
            [';', ';'],
            [',', ','],
            ['tab', 'tab'],
          ])}
          {choice('decimalMark', 'decimalMark', t.decimalMark, [
            [',', '1.234,56'],
            ['.', '1,234.56'],
          ])}
          {choice('dateOrder', 'dateOrder', t.dateOrder, [
            ['DMY', '31-12-2025'],
            ['MDY', '12-31-2025'],
          ])}
          {choice('encoding', 'encoding', t.encoding, [
            ['utf-8', 'UTF-8'],
            ['windows-1252', 'Windows-1252'],
          ])}
          <div class="field">
            <label for="mapping">{t.mapping}</label>
            <p class="hint" id="mapping-hint">
              {t.mappingHint}
            </p>
            <textarea id="mapping" name="mapping" rows={2} aria-describedby="mapping-hint" />
          </div>
          <div class="field">
            <label for="sheet">{t.sheet}</label>
            <input id="sheet" name="sheet" type="text" class="short" autocomplete="off" />
          </div>
          <div class="choice">
            <input type="checkbox" id="allOrNothing" name="allOrNothing" value="true" />
            <label for="allOrNothing">{t.allOrNothing}</label>
          </div>
        </details>
        {/* Before the file: the server reads the fields that precede it before the file streams in. */}
        <div class="choice">
          <input type="checkbox" id="check" name="check" value="true" />
          <label for="check">{locale.t.columns.check}</label>
        </div>
        <div class="field">
          <label for="file">{t.file}</label>
          <p class="hint" id="file-hint">
            {t.fileHint}
          </p>
          <FieldMessage id="file" errors={errors} />
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,.xml,.zip,.pdf,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/xml,text/xml,application/zip,application/pdf"
            aria-describedby="file-hint"
          />
        </div>
        <progress id="upload-progress" max={100} value={0} hidden aria-label={t.uploading} />
        <button type="submit">{t.submit}</button>
      </form>
      <p>
        <a href="/app/imports/profiles">{locale.t.columns.profiles}</a>
      </p>
      <StatementUpload locale={locale} app={app} errors={[]} />
      <h2>{t.history}</h2>
      {history.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <section class="scroll" aria-labelledby="history-caption" tabindex={0}>
          <table class="figures">
            <caption id="history-caption">{t.historyCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colFile}</th>
                <th scope="col">{t.colKind}</th>
                <th scope="col">{t.colWhen}</th>
                <th scope="col">{t.colBy}</th>
                <th scope="col">{t.colStatus}</th>
                <th scope="col" class="num">
                  {t.colCounts}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr>
                  <th scope="row">
                    <a href={h.href}>{h.file}</a>
                  </th>
                  <td>{h.kind}</td>
                  <td>{h.when}</td>
                  <td>{h.by}</td>
                  <td>{h.status}</td>
                  <td class="num">{h.counts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <script src={assetUrl('upload.js')} defer />
    </Layout>
  );
}

export interface ImportPageProps {
  locale: Locale;
  app: AppChrome;
  id: string;
  heading: string;
  status: string;
  running: boolean;
  message: string | null;
  progress: { value: number; max: number; rows: string; bytes: string };
  counts: Array<{ label: string; value: string }>;
  detected: string | null;
  /** The import profile or ERP export it was read with. */
  profile: string | null;
  errors: Array<{ line: string; column: string; value: string; reason: string }>;
  errorsHref: string | null;
  /** The same file was imported before: the import that holds it (then there is no progress to show). */
  duplicateOf: { href: string; text: string } | null;
  /** Waiting for its columns to be matched: where to do that. */
  columnsHref: string | null;
}

export function ImportPage(p: ImportPageProps) {
  const t = p.locale.t.app.imports;
  return (
    <Layout locale={p.locale} title={p.heading} app={p.app}>
      <h1>{p.heading}</h1>
      {p.duplicateOf ? (
        <div class="notice" role="status">
          <p>{t.duplicateOf}</p>
          <p>
            <a href={p.duplicateOf.href}>{p.duplicateOf.text}</a>
          </p>
        </div>
      ) : (
        <>
          <div id="import" data-progress-url={`/app/imports/${p.id}/progress.json`} data-running={p.running ? '1' : '0'}>
            <p class="lead" id="import-status" role="status">
              {p.status}
            </p>
            {p.message && <p class="warning">{p.message}</p>}
            {p.columnsHref && (
              <p>
                <a href={p.columnsHref}>{p.locale.t.columns.matchLink}</a>
              </p>
            )}
            <label for="import-progress">{t.progress}</label>
            <progress id="import-progress" max={p.progress.max} value={p.progress.value}>
              {p.progress.rows}
            </progress>
            <p class="meta">
              <span id="import-rows">{p.progress.rows}</span> · <span id="import-bytes">{p.progress.bytes}</span>
            </p>
            {p.running && (
              <p>
                <a href={`/app/imports/${p.id}`}>{t.refresh}</a>
              </p>
            )}
          </div>
          <FiguresTable caption={t.counts} rows={p.counts} />
        </>
      )}
      {p.profile && (
        <p>
          {p.profile} (<a href="/app/imports/profiles">{p.locale.t.columns.profiles}</a>)
        </p>
      )}
      {p.detected && (
        <p>
          {t.detected}: {p.detected}
        </p>
      )}
      {p.errors.length > 0 && (
        <>
          <h2>{t.firstErrors}</h2>
          <section class="scroll" aria-labelledby="errors-caption" tabindex={0}>
            <table class="figures">
              <caption id="errors-caption">{t.firstErrors}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {t.colLine}
                  </th>
                  <th scope="col">{t.colColumn}</th>
                  <th scope="col">{t.colValue}</th>
                  <th scope="col">{t.colReason}</th>
                </tr>
              </thead>
              <tbody>
                {p.errors.map((e) => (
                  <tr>
                    <td class="num">{e.line}</td>
                    <td>{e.column}</td>
                    <td>{e.value}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {p.errorsHref && (
        <p>
          <a href={p.errorsHref} download>
            {t.errorsFile}
          </a>
        </p>
      )}
      <p>
        <a href="/app/imports">{t.back}</a>
      </p>
      <script src={assetUrl('import-progress.js')} defer />
    </Layout>
  );
}
