/** Alert e-mail in the recipient's language: subject, plain text and HTML from the same words. */
import { render } from 'preact-render-to-string';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import { type Lang, localeOf } from '../../web/i18n/locale.ts';
import { absoluteHref, alertActions } from '../../web/view-models/alert-actions.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { AlertMail, type MailContent, type MailGroup } from '../../web/views/mail/alert-mail.tsx';
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

/**
 * One critical alert (sent at once), or a day's digest of warnings, each supplier's alerts together
 * under its name, most alerts first. `contacts`: each supplier's contact address, for its contact link.
 */
export function composeAlerts(
  kind: 'alert' | 'digest',
  alerts: AlertDoc[],
  lang: Lang,
  ctx: LinkContext,
  day: string,
  contacts: Map<string, string | null> = new Map(),
): Composed {
  const l = localeOf(lang);
  const t = l.t.alerts;
  const groups = new Map<string, MailGroup>();
  for (const a of alerts) {
    const w = alertWords(l, a);
    const id = String(a._id);
    const g = groups.get(a.supplierId) ?? { supplier: a.supplierName, href: supplierUrl(ctx.publicUrl, a.supplierId), items: [] };
    g.items.push({
      rule: w.rule,
      details: w.details,
      severity: t.severity[a.severity],
      critical: a.severity === 'critical',
      links: [
        ...alertActions(a, contacts.get(a.supplierId) ?? null).map((x) => ({
          href: absoluteHref(ctx.publicUrl, x.href),
          text: t.actions[x.kind],
        })),
        { href: actionLink(ctx.publicUrl, ctx.secret, id, 'acknowledge'), text: t.acknowledge },
        { href: actionLink(ctx.publicUrl, ctx.secret, id, 'snooze'), text: t.snooze(SNOOZE_DAYS) },
      ],
    });
    groups.set(a.supplierId, g);
  }
  const first = alerts[0];
  const content: MailContent = {
    subject:
      kind === 'alert' && first
        ? t.mail.subject(first.supplierName, alertWords(l, first).rule)
        : t.mail.digestSubject(alerts.length, l.date(day)),
    intro: kind === 'alert' ? t.mail.intro : t.mail.digestIntro(alerts.length, l.date(day)),
    groups: [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.supplier.localeCompare(b.supplier)),
    footer: t.mail.footer,
  };
  return { subject: content.subject, html: `<!doctype html>${render(<AlertMail locale={l} content={content} />)}`, text: plain(content) };
}

function plain(c: MailContent): string {
  const blocks = c.groups.map((g) =>
    [
      `${g.supplier} (${g.href})`,
      ...g.items.map((i) => [`${i.severity} · ${i.rule}`, ...i.details, ...i.links.map((l) => `${l.text}: ${l.href}`)].join('\n')),
    ].join('\n\n'),
  );
  return [c.intro, ...blocks, c.footer].join('\n\n');
}

export function composeTest(lang: Lang): Composed {
  const t = localeOf(lang).t.alerts.mail;
  return { subject: t.testSubject, text: t.testBody, html: `<!doctype html><html lang="${lang}"><body><p>${t.testBody}</p></body></html>` };
}
