/**
 * A real SMTP server on a free loopback port (smtp-server), each message it accepts parsed with
 * mailparser. It can refuse the next n messages with a temporary error (451), as a mail server that
 * is down would. Used by tests (through smtp.ts) and by benchmarks.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received extends ParsedMail {
  /** The envelope recipients (the To header of a message may differ). */
  rcpt: string[];
}

export interface SmtpSink {
  url: string;
  messages: Received[];
  /** Refuses this many of the coming messages (each attempt counts). */
  refuseNext: (n: number) => void;
  refused: () => number;
  /** Waits until at least `count` messages arrived. */
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
}

export async function startSmtp(): Promise<SmtpSink> {
  const messages: Received[] = [];
  let refuse = 0;
  let refusedCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, cb) {
      if (refuse > 0) {
        refuse--;
        refusedCount++;
        const e = new Error('Try again later') as Error & { responseCode: number };
        e.responseCode = 451;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(Object.assign(mail, { rcpt: session.envelope.rcptTo.map((r) => r.address) }));
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    messages,
    refuseNext: (n) => {
      refuse = n;
    },
    refused: () => refusedCount,
    waitFor: async (count, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`${messages.length} of ${count} messages arrived within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
