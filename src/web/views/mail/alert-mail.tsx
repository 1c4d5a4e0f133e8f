/**
 * Alert e-mail, HTML part. Mail clients ignore stylesheets and strip scripts, so the few styles are
 * inline and the layout is one column that reads the same on a phone; the plain-text part says the same.
 */
import type { Locale } from '../../i18n/locale.ts';

export interface MailItem {
  /** The alert's reasons, by name. */
  rule: string;
  /** One sentence per reason. */
  details: string[];
  severity: string;
  critical: boolean;
  links: Array<{ href: string; text: string }>;
}

/** A supplier's alerts, together (a digest names each supplier once). */
export interface MailGroup {
  supplier: string;
  href: string;
  items: MailItem[];
}

export interface MailContent {
  subject: string;
  intro: string;
  groups: MailGroup[];
  footer: string;
}

const text = { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', color: '#1a1a1a', lineHeight: '1.5' };

export function AlertMail({ locale, content }: { locale: Locale; content: MailContent }) {
  return (
    <html lang={locale.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{content.subject}</title>
      </head>
      <body style={{ ...text, margin: 0, padding: '16px', background: '#ffffff' }}>
        <p style={{ margin: '0 0 16px', fontSize: '16px' }}>{content.intro}</p>
        {content.groups.map((g) => (
          <div key={g.href} style={{ margin: '0 0 24px' }}>
            <h2 style={{ margin: '0 0 8px', fontSize: '18px' }}>
              <a href={g.href} style={{ color: '#1a1a1a' }}>
                {g.supplier}
              </a>
            </h2>
            {g.items.map((item) => (
              <div
                key={item.rule}
                style={{
                  borderLeft: `4px solid ${item.critical ? '#b3261e' : '#8a5a00'}`,
                  padding: '8px 12px',
                  margin: '0 0 12px',
                  background: '#f6f6f6',
                }}
              >
                <p style={{ margin: '0 0 4px', fontSize: '13px', fontWeight: 600, color: item.critical ? '#b3261e' : '#6b4600' }}>
                  {item.severity} · {item.rule}
                </p>
                {item.details.map((d) => (
                  <p style={{ margin: '0 0 8px', fontSize: '15px' }}>{d}</p>
                ))}
                <p style={{ margin: 0, fontSize: '15px' }}>
                  {item.links.map((l, i) => (
                    <>
                      {i > 0 ? ' · ' : ''}
                      <a href={l.href} style={{ color: '#0b57d0' }}>
                        {l.text}
                      </a>
                    </>
                  ))}
                </p>
              </div>
            ))}
          </div>
        ))}
        <p style={{ margin: '24px 0 0', fontSize: '13px', color: '#555555' }}>{content.footer}</p>
      </body>
    </html>
  );
}
