/**
 * A real SMTP server in the test process (smtp-server), on a free loopback port; every message it
 * accepts is parsed with mailparser. It can be told to refuse the next n messages with a temporary
 * error (451), as a mail server that is down would.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

export interface Received extends ParsedMail {
  /** The envelope recipients (the To header of a message may differ). */
  rcpt: string[];
}

export interface TestSmtp {
  url: string;
  messages: Received[];
  /** Refuses this many of the coming messages (each attempt counts). */
  refuseNext: (n: number) => void;
  refused: () => number;
  /** Waits until at least `count` messages arrived. */
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
}

export function useSmtp(): TestSmtp {
  const ctx = { messages: [] as Received[] } as TestSmtp;
  let refuse = 0;
  let refusedCount = 0;
  let server: SMTPServer;
  beforeAll(async () => {
    server = new SMTPServer({
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
            ctx.messages.push(Object.assign(mail, { rcpt: session.envelope.rcptTo.map((r) => r.address) }));
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ctx.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  ctx.refuseNext = (n) => {
    refuse = n;
  };
  ctx.refused = () => refusedCount;
  ctx.waitFor = async (count, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    while (ctx.messages.length < count) {
      if (Date.now() > until) throw new Error(`${ctx.messages.length} of ${count} messages arrived within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return ctx.messages;
  };
  return ctx;
}
