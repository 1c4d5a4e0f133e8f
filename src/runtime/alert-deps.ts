/** The alert services' dependencies from the configuration: SMTP, recipients, links, the queue. */
import type { Config } from '../config/env.ts';
import { todayIn } from '../domain/dates.ts';
import type { AlertsProducer } from '../queues/alerts.producer.ts';
import type { AlertDeps } from '../services/alerts/alert-deps.ts';
import { parseRecipients } from '../services/alerts/recipients.ts';
import type { OrgSettings } from '../services/org-settings.ts';
import { smtpMailer } from './smtp-mailer.ts';

/** `producer` null: nothing can be queued (the CLI's test-send sends directly). */
export function alertDeps(
  config: Config,
  org: OrgSettings,
  secret: string,
  producer: AlertsProducer | null,
  today?: () => string,
): AlertDeps {
  const defaultLang = config.ORG_LOCALE === 'nl' ? 'nl' : 'en';
  return {
    publicUrl: config.publicUrl,
    orgName: config.ORG_NAME ?? 'tijdig',
    secret,
    defaultLang,
    recipients: parseRecipients(config.ALERT_RECIPIENTS, defaultLang),
    mailer: config.SMTP_URL ? smtpMailer(config.SMTP_URL) : null,
    from: config.ALERT_FROM,
    today: today ?? (() => todayIn(org.timezone)),
    enqueueDeliveries: async (ids, round) => {
      if (!producer) throw new Error('no alerts queue in this process');
      await producer.deliver(ids, round);
    },
  };
}
