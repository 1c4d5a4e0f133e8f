import { fail, MongoServerError } from '../errors';
import type { Doc } from '../values';
import { catalogCommands } from './catalog';
import type { Context, Handler } from './context';
import { handshakeCommands } from './handshake';
import { readCommands } from './read';
import { writeCommands } from './write';

const COMMANDS: Record<string, Handler> = { ...handshakeCommands, ...catalogCommands, ...readCommands, ...writeCommands };

export const commandNames = (): string[] => Object.keys(COMMANDS);

/** Runs one command and returns its reply document; errors become `{ok: 0, errmsg, code, codeName}`. */
export function runCommand(ctx: Context, cmd: Doc): Doc {
  try {
    const name = Object.keys(cmd)[0];
    const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined)
      fail('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    if (!handler) fail('CommandNotFound', `no such command: '${name}'`);
    return handler(ctx, cmd);
  } catch (e) {
    if (e instanceof MongoServerError) return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.extra };
    throw e;
  } finally {
    ctx.catalog.commit();
  }
}
