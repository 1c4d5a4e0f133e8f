/**
 * The alert services' mailer over SMTP_URL. nodemailer is loaded on the first message, not at start:
 * it is a tenth of a second of module loading that a process which sends no mail (every API process,
 * and every process without SMTP_URL) should not pay before it is ready.
 */
import type { Transporter } from 'nodemailer';
import { onFirstUse } from '../lazy.ts';
import type { Mailer } from '../services/alerts/alert-deps.ts';

export function smtpMailer(url: string): Mailer {
  let opened: Transporter | undefined;
  const transport = onFirstUse(async () => {
    const { default: nodemailer } = await import('nodemailer');
    // One pooled connection per process; a server that is down fails the attempt, and the queue retries.
    opened = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
    return opened;
  });
  return {
    sendMail: async (message) => {
      const info = await (await transport()).sendMail(message);
      return { messageId: String(info.messageId), response: String(info.response) };
    },
    close: () => opened?.close(),
  };
}
