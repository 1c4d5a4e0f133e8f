/**
 * What every tijdig e-mail's HTML part shares: mail clients ignore stylesheets and strip scripts, so
 * the few styles are inline and the layout is one column that reads the same on a phone; an intro
 * paragraph on top and a small footer below whatever the mail says.
 */
import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locale.ts';

const text = { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', color: '#1a1a1a', lineHeight: '1.5' };

export function MailFrame(p: { locale: Locale; subject: string; intro: string; footer: string; children: ComponentChildren }) {
  return (
    <html lang={p.locale.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.subject}</title>
      </head>
      <body style={{ ...text, margin: 0, padding: '16px', background: '#ffffff' }}>
        <p style={{ margin: '0 0 16px', fontSize: '16px' }}>{p.intro}</p>
        {p.children}
        <p style={{ margin: '24px 0 0', fontSize: '13px', color: '#555555' }}>{p.footer}</p>
      </body>
    </html>
  );
}
