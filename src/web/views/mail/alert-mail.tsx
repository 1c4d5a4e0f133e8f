/** Alert e-mail, HTML part (the plain-text part says the same). */
import type { Locale } from '../../i18n/locale.ts';
import { MailFrame } from './mail-frame.tsx';

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

export function AlertMail({ locale, content }: { locale: Locale; content: MailContent }) {
  return (
    <MailFrame locale={locale} subject={content.subject} intro={content.intro} footer={content.footer}>
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
    </MailFrame>
  );
}
