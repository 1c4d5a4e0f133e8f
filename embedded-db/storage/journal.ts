/**
 * Durability for the embedded server: every write is recorded in the current journal file (see
 * files.ts for the directory's layout and compaction.ts for how journals are folded into snapshots).
 *
 * Policy: a command's journal records are written with one write(2) before the command is
 * acknowledged, so an acknowledged write survives the server process being killed (kill -9): the
 * bytes are in the kernel. They reach the disk by fsync every `fsyncIntervalMs` (default 100 ms, like
 * mongod's journal commit interval), or before every acknowledgement with `fsync: 'always'`; only a
 * machine crash can lose the last interval under the default.
 */
import fs from 'node:fs';
import { BSON } from 'bson';
import type { Doc } from '../values.ts';
import { journalPath } from './files.ts';
import type { IndexSpec } from './index-store.ts';
import { putHead, putRecord } from './record-bytes.ts';

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
   * Journal size in bytes past which a compaction starts, or twice the last snapshot's size if that
   * is more: a snapshot rewrites all data, so compacting only once the journal has outgrown the data
   * keeps the rewriting proportional to what was written (a fixed threshold had a large import
   * rewrite the whole database again and again).
   */
  snapshotBytes: number;
}

export class FileJournal extends RecordingJournal {
  private fd: number;
  private pending: Uint8Array[] = [];
  /** Bytes written to the current journal file. */
  private bytes: number;
  private dirty = false;
  private syncing = false;
  private timer: NodeJS.Timeout | null = null;

  /** `number`: the journal file to append to (files.ts names it). */
  constructor(
    private readonly dir: string,
    private current: number,
    private readonly opts: FileJournalOptions,
  ) {
    super();
    this.fd = fs.openSync(journalPath(dir, current), 'a');
    this.bytes = fs.fstatSync(this.fd).size;
    if (opts.fsync === 'interval') {
      this.timer = setInterval(() => this.syncInBackground(), opts.fsyncIntervalMs);
      this.timer.unref();
    }
  }

  /** The number of the journal file being appended to. */
  get number(): number {
    return this.current;
  }

  /** Bytes written to the journal file being appended to (after `flush`, every record so far). */
  get written(): number {
    return this.bytes;
  }

  protected record(r: JournalRecord) {
    this.pending.push(BSON.serialize(r));
  }

  // An inserted document is journaled from the bytes it arrived in: serializing it again was a
  // fifth of the server's time on a bulk insert. The record is {o: 'put', d, c, doc} as ever.
  override put(d: string, c: string, doc: Doc, raw?: Uint8Array) {
    if (!raw) return super.put(d, c, doc);
    this.pending.push(putRecord(putHead(d, c), raw));
  }

  override flush() {
    if (this.pending.length === 0) return;
    const buf = Buffer.concat(this.pending);
    this.pending = [];
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off);
    this.bytes += buf.length;
    this.dirty = true;
    if (this.opts.fsync === 'always') {
      fs.fsyncSync(this.fd);
      this.dirty = false;
    }
  }

  // The periodic fsync runs on libuv's thread pool: on the event loop it stalled every write behind
  // the disk, for as long as a compaction's snapshot had dirty pages for it to wait on.
  private syncInBackground() {
    if (!this.dirty || this.syncing) return;
    this.dirty = false;
    this.syncing = true;
    fs.fsync(this.fd, () => {
      this.syncing = false;
    });
  }

  /** Size of the snapshot the journals continue from. */
  snapshotSize = 0;

  override get wantsSnapshot() {
    return this.bytes > Math.max(this.opts.snapshotBytes, 2 * this.snapshotSize);
  }

  /**
   * Continues in a new journal file, so a snapshot begun now needs only the new file beside it.
   * Returns the new file's number. The old file is synced and closed off the event loop.
   */
  rotate(): number {
    this.flush();
    const old = this.fd;
    this.current += 1;
    this.fd = fs.openSync(journalPath(this.dir, this.current), 'a');
    this.bytes = 0;
    fs.fsync(old, () => fs.close(old, () => {}));
    return this.current;
  }

  override close() {
    this.flush();
    fs.fsyncSync(this.fd);
    if (this.timer) clearInterval(this.timer);
    fs.closeSync(this.fd);
  }
}
