/**
 * A MongoDB for a test file: the real one named by MONGODB_URI, otherwise the embedded server
 * in-process. Each file gets its own database, dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedMongo, type EmbeddedMongoOptions, startEmbeddedMongo } from '../../embedded-db/index.ts';

export const realMongo = !!process.env.MONGODB_URI;

export interface TestMongo {
  uri: string;
  client: MongoClient;
  db: Db;
  dbName: string;
}

/** A database of its own for a test file: on MONGODB_URI's server, else on a new embedded server. */
export async function freshDatabase(
  prefix: string,
  opts: EmbeddedMongoOptions = {},
): Promise<{ uri: string; dbName: string; server?: EmbeddedMongo }> {
  const dbName = `${prefix}_${randomUUID().slice(0, 8)}`;
  const base = process.env.MONGODB_URI;
  if (!base) {
    const server = await startEmbeddedMongo(opts);
    return { uri: server.uri(dbName), dbName, server };
  }
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return { uri: url.toString(), dbName };
}

export function useMongo(): TestMongo {
  const ctx = {} as TestMongo;
  let server: EmbeddedMongo | undefined;
  beforeAll(async () => {
    const fresh = await freshDatabase('t', { cursorTimeoutMs: 1500 });
    server = fresh.server;
    ctx.dbName = fresh.dbName;
    ctx.uri = fresh.uri;
    ctx.client = new MongoClient(ctx.uri, { serverSelectionTimeoutMS: 5000 });
    await ctx.client.connect();
    ctx.db = ctx.client.db(ctx.dbName);
  });
  afterAll(async () => {
    await ctx.db?.dropDatabase().catch(() => {});
    await ctx.client?.close();
    await server?.close();
  });
  return ctx;
}

/** The server error a promise rejects with (code, codeName, message), or fails the test. */
export async function serverError(
  p: Promise<unknown>,
): Promise<{ code: number; codeName?: string; message: string } & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; message: string };
  }
  throw new Error('expected the server to answer with an error');
}
