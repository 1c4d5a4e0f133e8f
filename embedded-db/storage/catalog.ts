import fs from 'node:fs';
import path from 'node:path';
import { BSON } from 'bson';
import { fail } from '../errors.ts';
import { type Doc, normalize } from '../values.ts';
import { Collection } from './collection.ts';
import { Compaction, type CompactionOptions } from './compaction.ts';
import {
  DESERIALIZE,
  journalBytes,
  journalNumbers,
  journalPath,
  RecordHeads,
  recordsOf,
  snapshotBytes,
  snapshotPath,
  snapshotTempPath,
} from './files.ts';
import type { IndexSpec } from './index-store.ts';
import { FileJournal, type FileJournalOptions, type Journal, type JournalRecord, MemoryJournal } from './journal.ts';
import { RecordWriter } from './record-bytes.ts';

export interface StorageOptions {
  /** Where data lives; without one everything is in memory. */
  dataDir?: string;
  journal?: Partial<FileJournalOptions>;
  compaction?: Partial<CompactionOptions>;
  /**
   * Unexpected internal errors: a command's (its client gets an InternalError) or a background
   * compaction's (its journals stay, so nothing is lost, and the next compaction tries again).
   */
  onError?: (err: unknown) => void;
}

const NAME = /^[^\0$]+$/;

/** How long the background read of the collections found on disk holds the server at a time. */
const READ_SLICE_MS = 20;

const lockPath = (dir: string) => path.join(dir, 'LOCK');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One server per data directory: two writers would corrupt the journal. A lock left by a dead process is taken over. */
function lockDataDir(dir: string): void {
  const file = lockPath(dir);
  if (fs.existsSync(file)) {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && alive(pid)) throw new Error(`data directory ${dir} is in use by process ${pid}`);
  }
  fs.writeFileSync(file, String(process.pid));
}

/** All databases and their collections, and the journal that makes them durable. */
export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal: Journal = new MemoryJournal();
  // Collections write through this, so the journal can be swapped in after replay.
  private readonly sink: Journal;
  private compaction: Compaction | null = null;
  /**
   * Kept from one compaction to the next: 18 MiB made anew each time counted towards V8's limit of
   * external memory, and crossing it starts a full marking of the heap just as the compaction begins.
   */
  private snapshotWriter: RecordWriter | null = null;

  private constructor(private readonly opts: StorageOptions) {
    this.sink = new Proxy({} as Journal, { get: (_t, p) => (this.journal as unknown as Record<PropertyKey, unknown>)[p] });
  }

  static open(opts: StorageOptions = {}): Catalog {
    const catalog = new Catalog(opts);
    const dir = opts.dataDir;
    if (!dir) return catalog;
    fs.mkdirSync(dir, { recursive: true });
    lockDataDir(dir);
    const journals = journalNumbers(dir);
    catalog.plan([snapshotPath(dir), ...journals.map((n) => journalPath(dir, n))]);
    fs.rmSync(snapshotTempPath(dir), { force: true });
    // The new journal's number follows the last, never reusing one; the old journals stay until a
    // compaction has folded them into a new snapshot (replaying them again is always right, see files.ts).
    const journal = new FileJournal(dir, (journals.at(-1) ?? 0) + 1, {
      fsync: 'interval',
      fsyncIntervalMs: 100,
      snapshotBytes: 512 << 20,
      ...opts.journal,
    });
    journal.snapshotSize = snapshotBytes(dir);
    catalog.journal = journal;
    // That compaction runs beside the first commands instead of before them: writing a million
    // documents' snapshot took 3 s of every start. It reads every collection, so it waits for the
    // background read.
    catalog.readInBackground(() => {
      if (journals.length > 0) void catalog.compact(true).catch((e) => opts.onError?.(e));
    });
    return catalog;
  }

  /**
   * What the files hold, without decoding a document: each collection with its options, index specs
   * and put and del records in the order written (a drop forgets what came before it). Decoding a
   * million documents took 15 s and more; the server answers once this is done, and each collection
   * is read when first used or, before that, in the background (`readInBackground`).
   */
  private plan(files: string[]): void {
    const found = new Map<string, { d: string; c: string; opts: Doc; specs: Map<string, IndexSpec>; records: number[] }>();
    const bufs: Buffer[] = [];
    const heads = new RecordHeads();
    const ns = (d: string, c: string) => `${d}\0${c}`;
    const entry = (d: string, c: string, opts: Doc = {}) => {
      let e = found.get(ns(d, c));
      if (!e) found.set(ns(d, c), (e = { d, c, opts, specs: new Map(), records: [] }));
      return e;
    };
    for (const file of files) {
      const { buf, starts } = recordsOf(file);
      const f = bufs.push(buf) - 1;
      for (const at of starts) {
        const head = heads.read(buf, at);
        if (head.o === 'put' && head.d !== undefined && head.c !== undefined) {
          entry(head.d, head.c).records.push(f, at);
          continue;
        }
        if (head.o === 'del' && head.d !== undefined && head.c !== undefined) {
          found.get(ns(head.d, head.c))?.records.push(f, at);
          continue;
        }
        const r = BSON.deserialize(buf.subarray(at, at + buf.readInt32LE(at)), DESERIALIZE) as JournalRecord;
        if (r.o === 'createIndex') {
          const spec = normalize(r.spec).value as IndexSpec;
          entry(r.d, r.c).specs.set(spec.name, spec);
        } else if (r.o === 'dropIndex') found.get(ns(r.d, r.c))?.specs.delete(r.name);
        // With its options: a view is nothing but them.
        else if (r.o === 'createColl') entry(r.d, r.c, r.opts ?? {});
        else if (r.o === 'dropColl') found.delete(ns(r.d, r.c));
        else if (r.o === 'dropDb') for (const [k, e] of found) if (e.d === r.d) found.delete(k);
      }
    }
    for (const e of found.values()) {
      let colls = this.dbs.get(e.d);
      if (!colls) this.dbs.set(e.d, (colls = new Map()));
      const coll = new Collection(e.d, e.c, e.opts, this.sink);
      coll.setStored({ files: bufs, records: e.records, specs: [...e.specs.values()] });
      colls.set(e.c, coll);
    }
  }

  /** Resolves once every collection found on disk is read. */
  private everyCollectionRead: Promise<void> = Promise.resolve();
  private closed = false;
  /** The collections the background read has yet to read, the next first. */
  private readQueue: Collection[] = [];
  /** Who waits for a collection to be read (`readFirst`). */
  private readWaiters = new Map<Collection, Array<() => void>>();

  /**
   * Reads the collections found on disk READ_SLICE_MS at a time, between commands, the smallest first
   * (so all but the largest are there soon); a command that needs one before its turn reads the rest
   * of it at once, or waits for it with `readFirst`. `then` runs when all are read.
   */
  private readInBackground(then: () => void): void {
    const queue = this.databases()
      .flatMap((d) => this.collections(d))
      .filter((c) => c.unread)
      .sort((a, b) => a.unreadRecords - b.unreadRecords);
    if (queue.length === 0) {
      then();
      return;
    }
    this.readQueue = queue;
    this.everyCollectionRead = new Promise<void>((resolve) => {
      const step = () => {
        if (this.closed) return resolve();
        const deadline = performance.now() + READ_SLICE_MS;
        while (queue.length > 0 && performance.now() < deadline) {
          const coll = queue[0];
          // One dropped meanwhile is not read.
          if (this.dbs.get(coll.db)?.get(coll.name) !== coll || coll.readSome(deadline)) {
            queue.shift();
            for (const wake of this.readWaiters.get(coll) ?? []) wake();
            this.readWaiters.delete(coll);
          }
        }
        if (queue.length > 0) {
          setImmediate(step);
          return;
        }
        resolve();
        then();
      };
      setImmediate(step);
    });
  }

  /** The collection, when it is found on disk and not read yet. */
  unreadCollection(db: string, name: string): Collection | undefined {
    const coll = this.dbs.get(db)?.get(name);
    return coll?.unread ? coll : undefined;
  }

  /**
   * Resolves once a collection is read: it goes first in the background read, which goes on between
   * commands, so a command that needs it can wait without holding up the others.
   */
  readFirst(coll: Collection): Promise<void> {
    const at = this.readQueue.indexOf(coll);
    if (!coll.unread || at < 0 || this.closed) {
      coll.readSome();
      return Promise.resolve();
    }
    this.readQueue.splice(at, 1);
    this.readQueue.unshift(coll);
    return new Promise<void>((resolve) => {
      const waiting = this.readWaiters.get(coll) ?? [];
      waiting.push(resolve);
      this.readWaiters.set(coll, waiting);
    });
  }

  /**
   * Everything as records a replay rebuilds it from. Safe to iterate while writes go on (a
   * compaction does): Map iterators skip deleted entries and visit added ones, and each collection
   * stops after as many documents as it held when its turn came, since later ones are appended
   * after all of those and are in the new journal anyway (so a busy import cannot keep it going).
   */
  private *snapshotRecords(): Generator<JournalRecord> {
    for (const [d, colls] of this.dbs) {
      for (const [c, coll] of colls) {
        yield { o: 'createColl', d, c, opts: coll.options };
        for (const spec of coll.indexSpecs().slice(1)) yield { o: 'createIndex', d, c, spec };
        let left = coll.size;
        for (const rec of coll.all()) {
          if (left-- === 0) break;
          yield { o: 'put', d, c, doc: rec.doc };
        }
      }
    }
  }

  /** Called after each command: makes its writes durable and starts a compaction when the journal is large. */
  commit(): void {
    this.journal.flush();
    // Not while collections found on disk are still being read: a compaction would read them all at once.
    if (!this.compaction && !this.backingUp && this.readQueue.length === 0 && this.journal.wantsSnapshot)
      void this.compact().catch((e) => this.opts.onError?.(e));
  }

  /** While a backup copies the files, no compaction replaces them. */
  private backingUp = false;

  /**
   * A consistent copy of the data while writes go on: a compaction first (so the copy is a snapshot
   * and a short journal), then, in one synchronous step, the journal flushed and cut where it ends:
   * every write the server applied so far is before the cut, none after, and the collections are
   * counted at that same moment. The snapshot and the journals up to the cut are copied into `into`
   * (the current journal only up to the cut) while the server goes on. Returns what was copied and
   * the counts at the cut ("db.collection": documents).
   */
  async backup(into: string): Promise<{ files: string[]; counts: Record<string, number>; at: Date }> {
    const dir = this.opts.dataDir;
    if (!dir || !(this.journal instanceof FileJournal))
      throw new Error('the server keeps its data in memory: there is nothing on disk to back up');
    if (this.backingUp) throw new Error('a backup is running already');
    this.backingUp = true;
    try {
      await this.compactAll();
      const journal = this.journal;
      // The cut: no await between flushing and counting, so no command runs in between.
      journal.flush();
      const cut = { number: journal.number, bytes: journal.written };
      const at = new Date();
      const counts: Record<string, number> = {};
      for (const db of this.databases()) for (const c of this.collections(db)) counts[`${db}.${c.name}`] = c.size;
      fs.mkdirSync(into, { recursive: true });
      const files = ['snapshot.bson'];
      await fs.promises.copyFile(snapshotPath(dir), path.join(into, 'snapshot.bson'));
      for (const n of journalNumbers(dir).filter((k) => k <= cut.number)) {
        const name = path.basename(journalPath(dir, n));
        if (n < cut.number) await fs.promises.copyFile(journalPath(dir, n), path.join(into, name));
        else await copyPrefix(journalPath(dir, n), path.join(into, name), cut.bytes);
        files.push(name);
      }
      return { files, counts, at };
    } finally {
      this.backingUp = false;
    }
  }

  /**
   * Everything written so far folded into a snapshot (the `compact` command, a backup): a compaction
   * already running began before some of it, so a new one follows it.
   */
  async compactAll(): Promise<number> {
    await this.everyCollectionRead;
    await this.compaction?.done.catch(() => {});
    return this.compact();
  }

  /** Folds the journals into a new snapshot without stopping writes; resolves to the snapshot's size (0 in memory). */
  compact(atStart = false): Promise<number> {
    const dir = this.opts.dataDir;
    if (!dir || !(this.journal instanceof FileJournal)) return Promise.resolve(0);
    if (this.compaction) return this.compaction.done;
    const journal = this.journal;
    const compaction = new Compaction(dir, journal, this.snapshotRecords(), (this.snapshotWriter ??= new RecordWriter()), {
      sliceMs: 2,
      ...this.opts.compaction,
      atStart,
    });
    this.compaction = compaction;
    return compaction.done.then(
      (size) => {
        this.compaction = null;
        if (size > 0) journal.snapshotSize = size;
        return size;
      },
      (e) => {
        this.compaction = null;
        throw e;
      },
    );
  }

  /** Bytes the data directory's snapshot and journals take (0 in memory). */
  diskBytes(): number {
    const dir = this.opts.dataDir;
    if (!dir) return 0;
    return snapshotBytes(dir) + journalBytes(dir);
  }

  /** Stops a running compaction (its journals stay, so nothing is lost), then closes the journal. */
  async close(): Promise<void> {
    this.closed = true;
    await this.compaction?.cancel();
    this.journal.close();
    if (this.opts.dataDir) fs.rmSync(lockPath(this.opts.dataDir), { force: true });
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  collection(db: string, name: string, create: true, options?: Doc): Collection;
  collection(db: string, name: string, create: boolean, options?: Doc): Collection | undefined;
  collection(db: string, name: string, create: boolean, options: Doc = {}): Collection | undefined {
    const existing = this.dbs.get(db)?.get(name);
    if (existing || !create) return existing;
    if (!NAME.test(db) || /[/\\. "]/.test(db)) fail('InvalidNamespace', `Invalid database name: '${db}'`);
    if (!NAME.test(name)) fail('InvalidNamespace', `Invalid collection name: ${name}`);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name, options, this.sink);
    colls.set(name, coll);
    this.journal.createColl(db, name, options);
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    this.journal.dropColl(db, name);
    return true;
  }

  dropDatabase(db: string): void {
    if (this.dbs.delete(db)) this.journal.dropDb(db);
  }
}

/** Copies the first `bytes` bytes of a file (a journal being appended to, up to a cut). */
async function copyPrefix(from: string, to: string, bytes: number): Promise<void> {
  const src = await fs.promises.open(from, 'r');
  const dst = await fs.promises.open(to, 'w');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let off = 0; off < bytes; ) {
      const { bytesRead } = await src.read(buf, 0, Math.min(buf.length, bytes - off), off);
      if (bytesRead === 0) throw new Error(`${from} is shorter than its cut at ${bytes} bytes`);
      await dst.write(buf, 0, bytesRead);
      off += bytesRead;
    }
    await dst.sync();
  } finally {
    await src.close();
    await dst.close();
  }
}
