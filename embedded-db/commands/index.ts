import { fail, MongoServerError } from '../errors.ts';
import type { Doc } from '../values.ts';
import { catalogCommands } from './catalog.ts';
import type { Context, Handler } from './context.ts';
import { handshakeCommands } from './handshake.ts';
import { readCommands } from './read.ts';
import { refuseUnsupportedOptions } from './refused-options.ts';
import { writeCommands } from './write.ts';

const COMMANDS: Record<string, Handler> = { ...handshakeCommands, ...catalogCommands, ...readCommands, ...writeCommands };

export const commandNames = (): string[] => Object.keys(COMMANDS);

const asReply = (e: unknown): Doc => {
  if (e instanceof MongoServerError) return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.extra };
  throw e;
};

/** Runs one command and returns its reply document; errors become `{ok: 0, errmsg, code, codeName}`. */
export function runCommand(ctx: Context, cmd: Doc): Doc | Promise<Doc> {
  try {
    const name = Object.keys(cmd)[0];
    const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined)
      fail('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    if (!handler) fail('CommandNotFound', `no such command: '${name}'`);
    refuseUnsupportedOptions(cmd);
    const reply = handler(ctx, cmd);
    return reply instanceof Promise ? reply.catch(asReply) : reply;
  } catch (e) {
    return asReply(e);
  } finally {
    ctx.catalog.commit();
  }
}
