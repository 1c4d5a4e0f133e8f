/** Who alerts go to: the organisation's list (ALERT_RECIPIENTS) and each supplier's owner. */
import type { Lang } from '../../web/i18n/locale.ts';

export interface Recipient {
  email: string;
  lang: Lang;
}

/** "inkoop@org.nl, en:buyer@org.co.uk" → recipients, each in its language or the default. */
export function parseRecipients(list: string, defaultLang: Lang): Recipient[] {
  const out: Recipient[] = [];
  for (const raw of list.split(',')) {
    const e = raw.trim();
    if (!e) continue;
    const m = /^(nl|en):(.+)$/.exec(e);
    out.push(m ? { lang: m[1] as Lang, email: m[2].toLowerCase() } : { lang: defaultLang, email: e.toLowerCase() });
  }
  return out;
}

/** The organisation's list plus the supplier's owner, each address once. */
export function recipientsFor(list: Recipient[], ownerEmail: string | null | undefined, defaultLang: Lang): Recipient[] {
  const out = [...list];
  const owner = ownerEmail?.toLowerCase();
  if (owner && !out.some((r) => r.email === owner)) out.push({ email: owner, lang: defaultLang });
  return out;
}
