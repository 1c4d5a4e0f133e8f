/** The alert services' dependencies from the configuration: SMTP, recipients, links, the queue. */
import nodemailer from 'nodemailer';
import type { Config } from '../config/env.ts';
import { todayIn } from '../domain/dates.ts';
import type { AlertsProducer } from '../queues/alerts.producer.ts';
import type { AlertDeps } from '../services/alerts/alert-deps.ts';
import { parseRecipients } from '../services/alerts/recipients.ts';
import type { OrgSettings } from '../services/org-settings.ts';

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
    secret,
    defaultLang,
    recipients: parseRecipients(config.ALERT_RECIPIENTS, defaultLang),
    // One pooled connection per process; a server that is down fails the attempt, and the queue retries.
    mailer: config.SMTP_URL
      ? nodemailer.createTransport({
          url: config.SMTP_URL,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        } as never)
      : null,
    from: config.ALERT_FROM,
    today: today ?? (() => todayIn(org.timezone)),
    enqueueDeliveries: async (ids, round) => {
      if (!producer) throw new Error('no alerts queue in this process');
      await producer.deliver(ids, round);
    },
  };
}
