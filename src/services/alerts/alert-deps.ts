import type { Lang } from '../../web/i18n/locale.ts';
import type { Recipient } from './recipients.ts';

/** One e-mail as the alert services write it. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId?: string;
}

/** Sends e-mail (SMTP in production); `close` ends its pooled connection. */
export interface Mailer {
  sendMail: (message: MailMessage) => Promise<{ messageId: string; response: string }>;
  close: () => void;
}

/** What the alert services need from the outside: where links point, who receives, how to send. */
export interface AlertDeps {
  publicUrl: string;
  /** ORG_NAME: who pays, in remittance advice. */
  orgName: string;
  /** SECRET_KEY: signs action links, seals webhook secrets. */
  secret: string;
  defaultLang: Lang;
  recipients: Recipient[];
  /** SMTP; null when SMTP_URL is unset (no e-mail is planned then). */
  mailer: Mailer | null;
  from: string;
  /** Today in the organisation's time zone. */
  today: () => string;
  /** Queues the sending of these deliveries (one job each). */
  enqueueDeliveries: (ids: string[], round?: string) => Promise<void>;
  /** How long a webhook receiver may take to answer. */
  webhookTimeoutMs?: number;
}
