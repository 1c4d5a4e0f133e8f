/**
 * Remittance advice: each supplier a run pays, with a contact address and not opted out, gets an
 * e-mail in its language (Dutch for a Dutch supplier) naming the invoices paid, the amounts, the pay
 * date, the interest paid with them, and a link to its status page. Planned once per run (on export
 * or on the bank's confirmation, an admin setting) and sent through the alerts' delivery path:
 * queued, retried, and sent once (its delivery id is the Message-ID).
 */
import { render } from 'preact-render-to-string';
import { formatMinor } from '../../domain/money.ts';
import type { DeliveryDoc } from '../../persistence/alerts/delivery.model.ts';
import { type PlannedDelivery, planDeliveries } from '../../persistence/alerts/delivery.repository.ts';
import type { PaymentRunDoc } from '../../persistence/payment-runs/payment-run.model.ts';
import { claimRemittance, findRun } from '../../persistence/payment-runs/payment-run.repository.ts';
import { runSettings } from '../../persistence/payment-runs/run-settings.model.ts';
import { suppliersByIds } from '../../persistence/suppliers/supplier.repository.ts';
import { type Lang, localeOf } from '../../web/i18n/locale.ts';
import { type RemittanceContent, RemittanceMail } from '../../web/views/mail/remittance-mail.tsx';
import type { Mailer } from '../alerts/alert-deps.ts';
import { createStatusLink } from '../status-links.ts';

export interface RemittanceDeps {
  orgName: string;
  defaultLang: Lang;
  publicUrl: string;
  enqueueDeliveries: (ids: string[]) => Promise<void>;
}

/** A Dutch supplier reads Dutch; one elsewhere English; one of unknown country the organisation's language. */
export const supplierLang = (country: string | null | undefined, fallback: Lang): Lang =>
  !country ? fallback : country === 'NL' ? 'nl' : 'en';

/** Plans the advice when the run reached the moment the settings name (`export` or `statement`); once per run. */
export async function planRemittance(run: PaymentRunDoc, moment: 'export' | 'statement', deps: RemittanceDeps): Promise<number> {
  if ((await runSettings()).remittanceOn !== moment) return 0;
  if (!(await claimRemittance(run._id))) return 0;
  const suppliers = await suppliersByIds([...new Set(run.payments.map((p) => p.supplierId))]);
  const planned: PlannedDelivery[] = suppliers
    .filter((s) => s.contactEmail && !(s as { remittanceOptOut?: boolean }).remittanceOptOut)
    .map((s) => ({
      _id: `remittance|${String(run._id)}|${s.supplierId}`,
      channel: 'email',
      kind: 'remittance',
      target: s.contactEmail as string,
      lang: supplierLang(s.country, deps.defaultLang),
      alertIds: [],
      runId: String(run._id),
      supplierId: s.supplierId,
    }));
  const ids = await planDeliveries(planned);
  await deps.enqueueDeliveries(ids);
  return ids.length;
}

/** The advice for one supplier of a run, composed with a new status link (links are kept only as hashes). */
export async function composeRemittance(
  d: DeliveryDoc,
  deps: RemittanceDeps,
): Promise<{ subject: string; text: string; html: string } | null> {
  const run = d.runId ? await findRun(d.runId) : null;
  if (!run || !d.supplierId) return null;
  const payments = run.payments.filter((p) => p.supplierId === d.supplierId);
  if (payments.length === 0) return null;
  const l = localeOf(d.lang);
  const t = l.t.runs.mail;
  const interest = run.interest.filter((x) => x.supplierId === d.supplierId).reduce((a, x) => a + x.interest + x.compensation, 0);
  const total = payments.reduce((a, p) => a + p.amount, 0) + interest;
  const link = await createStatusLink(d.supplierId, { days: 90, by: 'remittance advice', publicUrl: deps.publicUrl });
  const content: RemittanceContent = {
    subject: t.subject(deps.orgName, l.date(run.payDate)),
    intro: t.intro(deps.orgName, l.date(run.payDate)),
    rows: payments.map((p) => ({ invoice: p.invoiceNumber, amount: l.money(p.amount, run.currency) })),
    interest: interest > 0 ? l.money(interest, run.currency) : null,
    total: l.money(total, run.currency),
    statusUrl: link.url,
  };
  const text = [
    content.intro,
    ...content.rows.map((r) => `${r.invoice}: ${r.amount}`),
    ...(content.interest ? [`${t.interest}: ${content.interest}`] : []),
    `${t.total}: ${content.total} (${formatMinor(total, run.currency)} ${run.currency})`,
    `${t.status} ${content.statusUrl}`,
    t.footer,
  ].join('\n\n');
  return { subject: content.subject, text, html: `<!doctype html>${render(<RemittanceMail locale={l} content={content} />)}` };
}

export async function sendRemittance(
  d: DeliveryDoc,
  deps: RemittanceDeps & { mailer: Mailer | null; from: string; messageId: string },
): Promise<boolean> {
  if (!deps.mailer) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
  const m = await composeRemittance(d, deps);
  if (!m) return false;
  await deps.mailer.sendMail({ from: deps.from, to: d.target, subject: m.subject, text: m.text, html: m.html, messageId: deps.messageId });
  return true;
}
