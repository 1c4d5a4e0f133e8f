import type { ComponentChildren } from 'preact';
import type { Locale } from '../i18n/locale.ts';
import type { InvoiceRowView } from '../view-models/status-view.ts';

/** A two-column table of labelled figures (the figure right-aligned), with its caption. */
export function FiguresTable({
  caption,
  rows,
  captionId,
}: {
  caption: string;
  /** `sum`: a total of the rows above it, ruled off. */
  rows: Array<{ label: string; value: string; sum?: boolean }>;
  captionId?: string;
}) {
  return (
    <table class="figures">
      <caption id={captionId}>{caption}</caption>
      <tbody>
        {rows.map((r) => (
          <tr class={r.sum ? 'sum' : undefined}>
            <th scope="row">{r.label}</th>
            <td class="num">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Payment-practice figures beside their legal benchmark (the public page and the overview). */
export function BenchmarkTable({
  locale,
  caption,
  rows,
}: {
  locale: Locale;
  caption: string;
  rows: Array<{ label: string; value: string; benchmark: string }>;
}) {
  const p = locale.t.practices;
  return (
    <table class="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{p.measure}</th>
          <th scope="col" class="num">
            {p.value}
          </th>
          <th scope="col">{p.benchmark}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="num">{r.value}</td>
            <td>{r.benchmark}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A list of invoices with where each stands, its expected payment and what lateness costs: the
 * supplier's status page and the supplier's page in the web app show the same table. Every byte
 * of a row is paid 200 times on a big page: a th opening a body row heads it without a scope
 * attribute, and an overdue row is marked by its <b> note (CSS :has).
 */
/** `action`: a last column with what can be done with each invoice (the web app's own pages). */
export function InvoiceTable({
  locale,
  caption,
  rows,
  action,
}: {
  locale: Locale;
  caption: string;
  rows: InvoiceRowView[];
  action?: { heading: string; cell: (invoiceNumber: string) => ComponentChildren };
}) {
  const s = locale.t.status;
  return (
    <section class="scroll" aria-labelledby="invoices-caption" tabindex={0}>
      <table class="invoices">
        <caption id="invoices-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s.colInvoice}</th>
            <th scope="col">{s.colDate}</th>
            <th scope="col" class="num">
              {s.colAmount}
            </th>
            <th scope="col">{s.colDue}</th>
            <th scope="col">{s.colStatus}</th>
            <th scope="col">{s.colExpected}</th>
            <th scope="col" class="num">
              {s.colInterest}
            </th>
            <th scope="col" class="num">
              {s.colCompensation}
            </th>
            {action && <th scope="col">{action.heading}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th>{r.number}</th>
              <td>{r.date}</td>
              <td>{r.amount}</td>
              <td>{r.due}</td>
              <td>
                {r.status}
                {r.statusNote && (r.overdue ? <b>{r.statusNote}</b> : <small>{r.statusNote}</small>)}
              </td>
              <td>
                {r.expected}
                {r.expectedIsEstimate && <small>{s.estimate}</small>}
              </td>
              <td>
                {r.interest}
                {r.rate && <small>{r.rate}</small>}
              </td>
              <td>{r.compensation}</td>
              {action && <td>{action.cell(r.number)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export interface Column {
  label: string;
  /** Right-aligned figures. */
  num?: boolean;
}

/**
 * A table of rows under column headings, in a labelled region that scrolls sideways on a narrow
 * screen; each row's first cell is its header.
 */
export function ScrollTable({
  id,
  caption,
  columns,
  rows,
}: {
  id: string;
  caption: string;
  columns: Column[];
  rows: ComponentChildren[][];
}) {
  return (
    <section class="scroll" aria-labelledby={id} tabindex={0}>
      <table class="figures">
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {r.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td class={columns[i]?.num ? 'num' : undefined}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
