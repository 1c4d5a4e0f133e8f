/** The SMTP sink for a test file: started before its tests, closed after them. */
import { afterAll, beforeAll } from 'vitest';
import { type Received, type SmtpSink, startSmtp } from './smtp-sink.ts';

export type { Received };
export type TestSmtp = Omit<SmtpSink, 'close'>;

export function useSmtp(): TestSmtp {
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    sink = await startSmtp();
  });
  afterAll(() => sink?.close());
  // Read through the sink once it is started (the tests use it only inside their cases).
  return {
    get url() {
      return (sink as SmtpSink).url;
    },
    get messages() {
      return (sink as SmtpSink).messages;
    },
    refuseNext: (n) => sink?.refuseNext(n),
    refused: () => sink?.refused() ?? 0,
    waitFor: (count, timeoutMs) => (sink as SmtpSink).waitFor(count, timeoutMs),
  };
}
