/**
 * Durability for the embedded server.
 *
 * Files in the data directory: `snapshot.bson` (the whole catalog, written at start-up and when the
 * journal grows large) and `journal.bson` (every write since that snapshot). Both are plain
 * concatenations of BSON documents, so a torn last record (a crash mid-write) is recognisable by its
 * length and dropped.
 *
 * Policy: a command's journal records are written with one write(2) before the command is
 * acknowledged, so an acknowledged write survives the server process being killed (kill -9): the
 * bytes are in the kernel. They reach the disk by fsync every `fsyncIntervalMs` (default 100 ms, like
 * mongod's journal commit interval), or before every acknowledgement with `fsync: 'always'`; only a
 * machine crash can lose the last interval under the default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BSON } from 'bson';
import type { Doc } from '../values.ts';
import type { IndexSpec } from './index-store.ts';

export type JournalRecord =
  | { o: 'put'; d: string; c: string; doc: Doc }
  | { o: 'del'; d: string; c: string; id: unknown }
  | { o: 'createColl'; d: string; c: string; opts: Doc }
  | { o: 'dropColl'; d: string; c: string }
  | { o: 'createIndex'; d: string; c: string; spec: IndexSpec }
  | { o: 'dropIndex'; d: string; c: string; name: string }
  | { o: 'dropDb'; d: string };

export interface Journal {
  /** `raw`: the document's BSON exactly as the client sent it, when it is what is stored. */
  put(db: string, coll: string, doc: Doc, raw?: Uint8Array): void;
  del(db: string, coll: string, id: unknown): void;
  createColl(db: string, coll: string, opts: Doc): void;
  dropColl(db: string, coll: string): void;
  createIndex(db: string, coll: string, spec: IndexSpec): void;
  dropIndex(db: string, coll: string, name: string): void;
  dropDb(db: string): void;
  /** Makes everything recorded so far survive a crash of this process; called before each reply. */
  flush(): void;
  /** Whether the journal has grown enough that a compacting snapshot is due. */
  readonly wantsSnapshot: boolean;
  close(): void;
}

abstract class RecordingJournal implements Journal {
  protected abstract record(r: JournalRecord): void;
  put(d: string, c: string, doc: Doc) {
    this.record({ o: 'put', d, c, doc });
  }
  del(d: string, c: string, id: unknown) {
    this.record({ o: 'del', d, c, id });
  }
  createColl(d: string, c: string, opts: Doc) {
    this.record({ o: 'createColl', d, c, opts });
  }
  dropColl(d: string, c: string) {
    this.record({ o: 'dropColl', d, c });
  }
  createIndex(d: string, c: string, spec: IndexSpec) {
    this.record({ o: 'createIndex', d, c, spec });
  }
  dropIndex(d: string, c: string, name: string) {
    this.record({ o: 'dropIndex', d, c, name });
  }
  dropDb(d: string) {
    this.record({ o: 'dropDb', d });
  }
  flush() {}
  get wantsSnapshot() {
    return false;
  }
  close() {}
}

/** No data directory: nothing is kept. */
export class MemoryJournal extends RecordingJournal {
  protected record() {}
}

export interface FileJournalOptions {
  fsync: 'interval' | 'always';
  fsyncIntervalMs: number;
  /**
   * Journal size in bytes past which a compacting snapshot is taken, or twice the last snapshot's
   * size if that is more: a snapshot rewrites all data, so compacting only once the journal has
   * outgrown the data keeps the rewriting proportional to what was written (a fixed threshold made
   * a large import stop for whole-database snapshots again and again).
   */
  snapshotBytes: number;
}

/** An embedded-document element named "doc": type 0x03, then the name as a C string. */
const DOC_FIELD = Buffer.from([0x03, ...Buffer.from('doc'), 0]);

export class FileJournal extends RecordingJournal {
  private fd: number;
  private pending: Uint8Array[] = [];
  private bytes: number;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    dir: string,
    private readonly opts: FileJournalOptions,
  ) {
    super();
    this.fd = fs.openSync(journalPath(dir), 'a');
    this.bytes = fs.fstatSync(this.fd).size;
    if (opts.fsync === 'interval') {
      this.timer = setInterval(() => this.sync(), opts.fsyncIntervalMs);
      this.timer.unref();
    }
  }

  protected record(r: JournalRecord) {
    this.pending.push(BSON.serialize(r));
  }

  // An inserted document is journaled from the bytes it arrived in: serializing it again was a
  // fifth of the server's time on a bulk insert. The record is {o: 'put', d, c, doc} as ever.
  override put(d: string, c: string, doc: Doc, raw?: Uint8Array) {
    if (!raw) return super.put(d, c, doc);
    const head = BSON.serialize({ o: 'put', d, c });
    const rec = Buffer.allocUnsafe(head.length - 1 + DOC_FIELD.length + raw.length + 1);
    rec.set(head.subarray(0, head.length - 1), 0);
    DOC_FIELD.copy(rec, head.length - 1);
    rec.set(raw, head.length - 1 + DOC_FIELD.length);
    rec[rec.length - 1] = 0;
    rec.writeInt32LE(rec.length, 0);
    this.pending.push(rec);
  }

  override flush() {
    if (this.pending.length === 0) return;
    const buf = Buffer.concat(this.pending);
    this.pending = [];
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off);
    this.bytes += buf.length;
    this.dirty = true;
    if (this.opts.fsync === 'always') this.sync();
  }

  private sync() {
    if (!this.dirty) return;
    fs.fsyncSync(this.fd);
    this.dirty = false;
  }

  /** Size of the snapshot the journal continues from. */
  snapshotSize = 0;

  override get wantsSnapshot() {
    return this.bytes > Math.max(this.opts.snapshotBytes, 2 * this.snapshotSize);
  }

  /** Called right after a snapshot made the journal's content redundant. */
  truncate() {
    this.flush();
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.bytes = 0;
    this.dirty = false;
  }

  override close() {
    this.flush();
    this.sync();
    if (this.timer) clearInterval(this.timer);
    fs.closeSync(this.fd);
  }
}

export const journalPath = (dir: string) => path.join(dir, 'journal.bson');
export const snapshotPath = (dir: string) => path.join(dir, 'snapshot.bson');

const DESERIALIZE = { promoteValues: false, bsonRegExp: false } as const;

/** Reads a file of concatenated BSON documents, stopping at a torn tail; returns the valid length too. */
export function* readRecords(file: string): Generator<Doc> {
  if (!fs.existsSync(file)) return;
  const buf = fs.readFileSync(file);
  let off = 0;
  while (off + 4 <= buf.length) {
    const size = buf.readInt32LE(off);
    if (size < 5 || off + size > buf.length || buf[off + size - 1] !== 0) break;
    yield BSON.deserialize(buf.subarray(off, off + size), DESERIALIZE) as Doc;
    off += size;
  }
}

/** Writes a snapshot atomically: temp file, fsync, rename, fsync of the directory. */
export function writeSnapshot(dir: string, records: Iterable<JournalRecord>): number {
  const tmp = `${snapshotPath(dir)}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let chunk: Uint8Array[] = [];
  let size = 0;
  let total = 0;
  const drain = () => {
    const buf = Buffer.concat(chunk);
    total += buf.length;
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off);
    chunk = [];
    size = 0;
  };
  for (const r of records) {
    const b = BSON.serialize(r);
    chunk.push(b);
    size += b.length;
    if (size > 4 << 20) drain();
  }
  drain();
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, snapshotPath(dir));
  const dfd = fs.openSync(dir, 'r');
  fs.fsyncSync(dfd);
  fs.closeSync(dfd);
  return total;
}
