/** Alert e-mail in the recipient's language: subject, plain text and HTML from the same words. */
import { render } from 'preact-render-to-string';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import { type Lang, localeOf } from '../../web/i18n/locale.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { AlertMail, type MailContent } from '../../web/views/mail/alert-mail.tsx';
import { actionLink, SNOOZE_DAYS } from './action-links.ts';
import { supplierUrl } from './alert-json.ts';

export interface Composed {
  subject: string;
  text: string;
  html: string;
}

export interface LinkContext {
  publicUrl: string;
  secret: string;
}

/** One critical alert (sent at once), or a day's digest of warnings. */
export function composeAlerts(kind: 'alert' | 'digest', alerts: AlertDoc[], lang: Lang, ctx: LinkContext, day: string): Composed {
  const l = localeOf(lang);
  const t = l.t.alerts;
  const items = alerts.map((a) => {
    const w = alertWords(l, a);
    const id = String(a._id);
    return {
      headline: w.headline,
      detail: w.detail,
      severity: `${t.severity[a.severity]} · ${w.rule}`,
      critical: a.severity === 'critical',
      links: [
        { href: supplierUrl(ctx.publicUrl, a.supplierId), text: t.openSupplier },
        { href: actionLink(ctx.publicUrl, ctx.secret, id, 'acknowledge'), text: t.acknowledge },
        { href: actionLink(ctx.publicUrl, ctx.secret, id, 'snooze'), text: t.snooze(SNOOZE_DAYS) },
      ],
    };
  });
  const first = alerts[0];
  const content: MailContent = {
    subject:
      kind === 'alert' && first
        ? t.mail.subject(first.supplierName, t.rules[first.rule])
        : t.mail.digestSubject(alerts.length, l.date(day)),
    intro: kind === 'alert' ? t.mail.intro : t.mail.digestIntro(alerts.length, l.date(day)),
    items,
    footer: t.mail.footer,
  };
  return { subject: content.subject, html: `<!doctype html>${render(<AlertMail locale={l} content={content} />)}`, text: plain(content) };
}

function plain(c: MailContent): string {
  const blocks = c.items.map((i) => [i.severity, i.headline, i.detail, ...i.links.map((l) => `${l.text}: ${l.href}`)].join('\n'));
  return [c.intro, ...blocks, c.footer].join('\n\n');
}

export function composeTest(lang: Lang): Composed {
  const t = localeOf(lang).t.alerts.mail;
  return { subject: t.testSubject, text: t.testBody, html: `<!doctype html><html lang="${lang}"><body><p>${t.testBody}</p></body></html>` };
}
