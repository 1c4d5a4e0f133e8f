/**
 * Remittance advice, HTML part: the invoices paid, what was paid on each, the interest paid with
 * them, and the supplier's status page.
 */
import type { Locale } from '../../i18n/locale.ts';
import { MailFrame } from './mail-frame.tsx';

export interface RemittanceContent {
  subject: string;
  intro: string;
  rows: Array<{ invoice: string; amount: string }>;
  interest: string | null;
  total: string;
  statusUrl: string;
}

const cell = { padding: '4px 12px 4px 0', borderBottom: '1px solid #dddddd', fontSize: '15px' };

export function RemittanceMail({ locale, content }: { locale: Locale; content: RemittanceContent }) {
  const t = locale.t.runs.mail;
  return (
    <MailFrame locale={locale} subject={content.subject} intro={content.intro} footer={t.footer}>
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
    </MailFrame>
  );
}
