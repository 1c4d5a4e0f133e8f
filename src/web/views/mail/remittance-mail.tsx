/**
 * Remittance advice, HTML part: the invoices paid, what was paid on each, the interest paid with
 * them, and the supplier's status page. Inline styles and one column, as in every tijdig e-mail.
 */
import type { Locale } from '../../i18n/locale.ts';

export interface RemittanceContent {
  subject: string;
  intro: string;
  rows: Array<{ invoice: string; amount: string }>;
  interest: string | null;
  total: string;
  statusUrl: string;
}

const text = { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', color: '#1a1a1a', lineHeight: '1.5' };
const cell = { padding: '4px 12px 4px 0', borderBottom: '1px solid #dddddd', fontSize: '15px' };

export function RemittanceMail({ locale, content }: { locale: Locale; content: RemittanceContent }) {
  const t = locale.t.runs.mail;
  return (
    <html lang={locale.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{content.subject}</title>
      </head>
      <body style={{ ...text, margin: 0, padding: '16px', background: '#ffffff' }}>
        <p style={{ margin: '0 0 16px', fontSize: '16px' }}>{content.intro}</p>
        <table style={{ borderCollapse: 'collapse', margin: '0 0 16px' }}>
          <thead>
            <tr>
              <th style={{ ...cell, textAlign: 'left' }}>{t.colInvoice}</th>
              <th style={{ ...cell, textAlign: 'right' }}>{t.colAmount}</th>
            </tr>
          </thead>
          <tbody>
            {content.rows.map((r) => (
              <tr>
                <td style={cell}>{r.invoice}</td>
                <td style={{ ...cell, textAlign: 'right' }}>{r.amount}</td>
              </tr>
            ))}
            {content.interest && (
              <tr>
                <td style={cell}>{t.interest}</td>
                <td style={{ ...cell, textAlign: 'right' }}>{content.interest}</td>
              </tr>
            )}
            <tr>
              <th scope="row" style={{ ...cell, textAlign: 'left' }}>
                {t.total}
              </th>
              <td style={{ ...cell, textAlign: 'right', fontWeight: 600 }}>{content.total}</td>
            </tr>
          </tbody>
        </table>
        <p style={{ margin: '0 0 16px', fontSize: '15px' }}>
          {t.status} <a href={content.statusUrl}>{content.statusUrl}</a>
        </p>
        <p style={{ margin: '24px 0 0', fontSize: '13px', color: '#555555' }}>{t.footer}</p>
      </body>
    </html>
  );
}
