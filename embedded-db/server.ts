import net from 'node:net';
import { runCommand } from './commands/index.ts';
import { CursorStore } from './cursors.ts';
import { Catalog, type StorageOptions } from './storage/catalog.ts';
import { expireDocuments, TTL_SWEEP_MS } from './storage/ttl.ts';
import { type Doc, normalize } from './values.ts';
import { encodeReply, MAX_MESSAGE_BYTES, parseRequest } from './wire.ts';

export interface EmbeddedMongoOptions extends StorageOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Idle time after which an open cursor is closed (mongod: 10 minutes). */
  cursorTimeoutMs?: number;
  /** How often expired documents of TTL indexes are removed (mongod: every 60 s). */
  ttlSweepMs?: number;
}

/** An encoded reply, or one still being worked out. */
type Reply = Buffer | Promise<Buffer>;

export interface EmbeddedMongo {
  port: number;
  host: string;
  uri: (db?: string) => string;
  close: () => Promise<void>;
}

/** Commands that read or write a collection's documents (named by their first field). */
const READS_DOCUMENTS = new Set(['find', 'insert', 'update', 'delete', 'aggregate', 'count', 'distinct', 'findAndModify', 'findandmodify']);

/** Starts the MongoDB-wire-compatible server in this process. */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const catalog = Catalog.open(opts);
  const cursors = new CursorStore(opts.cursorTimeoutMs ?? 10 * 60_000);
  const sweep = setInterval(() => {
    try {
      expireDocuments(catalog);
    } catch (e) {
      opts.onError?.(e);
    }
  }, opts.ttlSweepMs ?? TTL_SWEEP_MS).unref();
  const sockets = new Set<net.Socket>();
  let connections = 0;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const connectionId = ++connections;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // Chunks are only joined once a whole message is there: joining on every chunk copied a large
    // bulk write over and over (quadratic in its size).
    let needed = 4;
    // Replies go out in request order; only a reply that comes later (compact) makes others wait.
    let later: Promise<void> | null = null;
    // Set while a command of this connection waits for its collection to be read: the connection's
    // next commands run after it, in order.
    let waiting: Promise<void> | null = null;
    const send = (replies: Reply[]) => {
      if (!later && replies.every((r) => !(r instanceof Promise))) {
        const bufs = replies as Buffer[];
        socket.write(bufs.length === 1 ? bufs[0] : Buffer.concat(bufs));
        return;
      }
      const mine: Promise<void> = (later ?? Promise.resolve()).then(async () => {
        for (const r of replies) {
          const buf = await r;
          if (buf && !socket.destroyed) socket.write(buf);
        }
        if (later === mine) later = null;
      });
      later = mine;
    };
    socket.on('data', (chunk) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < needed) return;
      let buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      const replies: Reply[] = [];
      needed = 4;
      while (buf.length >= 4) {
        const size = buf.readInt32LE(0);
        if (size < 16 || size > MAX_MESSAGE_BYTES) {
          socket.destroy();
          return;
        }
        if (buf.length < size) {
          needed = size;
          break;
        }
        const { reply, done } = handle(buf.subarray(0, size), connectionId, waiting);
        if (done) {
          const mine: Promise<void> = done.then(() => {
            if (waiting === mine) waiting = null;
          });
          waiting = mine;
        }
        if (reply) replies.push(reply);
        buf = buf.subarray(size);
      }
      pending = buf.length ? [buf] : [];
      pendingBytes = buf.length;
      if (replies.length) send(replies);
    });
  });

  /**
   * Runs one message's command. One that reads or writes the documents of a collection not read yet
   * since the start waits for it to be read (first in the background read, between other
   * connections' commands) instead of reading it at once and holding up everyone; `after`: this
   * connection's command that waits, which this one follows. `done`: set when this one waits too.
   */
  function handle(msg: Buffer, connectionId: number, after: Promise<void> | null): { reply: Reply | null; done?: Promise<void> } {
    let req: ReturnType<typeof parseRequest>;
    try {
      req = parseRequest(msg);
    } catch (e) {
      // A message we cannot read: drop this connection, keep serving the others.
      opts.onError?.(e);
      return { reply: null };
    }
    const command = normalize(req.command).value as Doc;
    const db = typeof command.$db === 'string' ? command.$db : 'admin';
    // Whatever goes wrong in one command is that command's error, never the end of the server.
    const failed = (e: unknown) => {
      opts.onError?.(e);
      return { ok: 0, errmsg: `internal error: ${(e as Error).message}`, code: 1, codeName: 'InternalError' };
    };
    const run = () => runCommand({ catalog, cursors, connectionId, db }, command);
    const verb = Object.keys(command)[0];
    const target = command[verb];
    const unread = READS_DOCUMENTS.has(verb) && typeof target === 'string' ? catalog.unreadCollection(db, target) : undefined;
    if (after || unread) {
      const answer = (after ?? Promise.resolve())
        .then(() => (unread ? catalog.readFirst(unread) : undefined))
        .then(run)
        .catch(failed);
      const done = answer.then(() => {});
      return { reply: req.noReply ? null : answer.then((r) => encodeReply(req, r)), done };
    }
    let reply: Doc | Promise<Doc>;
    try {
      reply = run();
    } catch (e) {
      reply = failed(e);
    }
    if (!(reply instanceof Promise)) return { reply: req.noReply ? null : encodeReply(req, reply) };
    const answer = reply.catch(failed);
    return { reply: req.noReply ? null : answer.then((r) => encodeReply(req, r)) };
  }

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    host,
    uri: (db = 'test') => `mongodb://${host}:${port}/${db}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      clearInterval(sweep);
      cursors.close();
      await catalog.close();
    },
  };
}
