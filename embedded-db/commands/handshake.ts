import type { Context, Handler } from './context.ts';
import { ok } from './context.ts';

/** MongoDB 7.0's wire version; we speak what the driver needs of it. */
export const MAX_WIRE_VERSION = 21;
export const SERVER_VERSION = '7.0.0';

// A standalone server: no setName, no msg: 'isdbgrid'. The driver therefore never sends
// transaction numbers for retryable writes, and explicit transactions are refused (code 20).
const hello = (ctx: Context) =>
  ok({
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  });

export const handshakeCommands: Record<string, Handler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ok(),
  buildInfo: () =>
    ok({
      version: SERVER_VERSION,
      gitVersion: 'tijdig-embedded',
      versionArray: [7, 0, 0, 0],
      bits: 64,
      debug: false,
      maxBsonObjectSize: 16 * 1024 * 1024,
      storageEngines: ['tijdig-embedded'],
      javascriptEngine: 'none',
    }),
  getParameter: (_ctx, cmd) => {
    const out: Record<string, unknown> = {};
    if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*') out.featureCompatibilityVersion = { version: '7.0' };
    return ok(out);
  },
  endSessions: () => ok(),
};
