/**
 * Compaction off the write path: folds the journals into a new snapshot while the server keeps
 * answering, so no write waits for it.
 *
 * 1. The journal continues in a new file; the files before it are what the snapshot will replace.
 * 2. The catalog is serialized in slices of a few milliseconds, the event loop serving commands
 *    between them; the file is written and fsynced on libuv's thread pool.
 * 3. The snapshot is renamed into place, then the journals it replaces are deleted.
 *
 * Documents change while the slices run, so the snapshot holds each document as it was at some
 * moment during the compaction, not all at one moment. That is enough: every change since step 1
 * is in the new journal, and replaying it over the snapshot sets each changed document to its last
 * value (files.ts explains why replaying is always safe). Unique indexes may be briefly violated in
 * between, which is why recovery builds indexes only after replaying everything (catalog.ts).
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { journalNumbers, journalPath, snapshotPath, snapshotTempPath, syncDir } from './files.ts';
import type { FileJournal, JournalRecord } from './journal.ts';
import type { RecordWriter } from './record-bytes.ts';

/** Where a compaction is; a crash between any two of these must lose nothing (tests kill there). */
export type CompactionStep = 'rotated' | 'snapshot-begun' | 'snapshot-written' | 'snapshot-installed' | 'journals-deleted';

export interface CompactionOptions {
  /** Longest stretch of serializing before the event loop gets its turn. */
  sliceMs: number;
  /** `atStart`: the compaction a start begins (of what it found in the journals). */
  onStep?: (step: CompactionStep, atStart: boolean) => void;
  /** Set by the catalog for the compaction a start begins. */
  atStart?: boolean;
}

/** A slice stops at this many bytes too, so one write(2) stays small. */
const SLICE_BYTES = 1 << 20;
/**
 * The snapshot is flushed to disk every this many bytes. Left to the kernel, hundreds of megabytes
 * of it waited in the page cache, and the journal's next fsync (ext4 commits in data=ordered mode
 * flush them first) made the server's own journal appends wait 60 ms and more (seen with strace).
 */
const SYNC_BYTES = 8 << 20;

export class Compaction {
  private cancelled = false;
  /** The new snapshot's size in bytes, once it is installed; 0 when cancelled first. */
  readonly done: Promise<number>;

  constructor(
    private readonly dir: string,
    journal: FileJournal,
    records: Iterator<JournalRecord>,
    private readonly out: RecordWriter,
    private readonly opts: CompactionOptions,
  ) {
    const replaced = journal.number;
    journal.rotate();
    this.step('rotated');
    this.done = this.run(records, replaced);
  }

  /** Stops at the next slice; the journals stay, so nothing is lost, and the next start compacts. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.done.catch(() => {});
  }

  private step(s: CompactionStep) {
    this.opts.onStep?.(s, this.opts.atStart === true);
  }

  private async run(records: Iterator<JournalRecord>, replaced: number): Promise<number> {
    await syncDir(this.dir);
    const tmp = snapshotTempPath(this.dir);
    const size = await this.writeSlices(tmp, records);
    if (size === null) {
      await fs.promises.rm(tmp, { force: true });
      return 0;
    }
    this.step('snapshot-written');
    await fs.promises.rename(tmp, snapshotPath(this.dir));
    await syncDir(this.dir);
    this.step('snapshot-installed');
    // Oldest first, so what is left after a crash here is still an unbroken run of journals.
    for (const n of journalNumbers(this.dir)) if (n <= replaced) await fs.promises.rm(journalPath(this.dir, n), { force: true });
    await syncDir(this.dir);
    this.step('journals-deleted');
    return size;
  }

  /** Writes the snapshot to `file`; null when cancelled. */
  private async writeSlices(file: string, records: Iterator<JournalRecord>): Promise<number | null> {
    const handle = await fs.promises.open(file, 'w');
    const out = this.out;
    out.clear();
    let total = 0;
    let unsynced = 0;
    try {
      for (let first = true; ; first = false) {
        if (this.cancelled) return null;
        const finished = this.slice(records, out);
        // The writer's buffer is reused for the next slice only once this write is done.
        const chunk = out.bytes();
        for (let off = 0; off < chunk.length; ) off += (await handle.write(chunk, off)).bytesWritten;
        total += chunk.length;
        unsynced += chunk.length;
        if (unsynced >= SYNC_BYTES) {
          await handle.datasync();
          unsynced = 0;
        }
        out.clear();
        if (first) this.step('snapshot-begun');
        if (finished) break;
        // An empty or tiny slice awaited nothing: give waiting commands their turn all the same.
        await new Promise(setImmediate);
      }
      await handle.sync();
      return total;
    } finally {
      await handle.close();
    }
  }

  /** Serializes records until the slice's time or size is used up; true when there are no more. */
  private slice(records: Iterator<JournalRecord>, out: RecordWriter): boolean {
    const until = performance.now() + this.opts.sliceMs;
    for (;;) {
      const next = records.next();
      if (next.done) return true;
      out.add(next.value);
      if (out.length >= SLICE_BYTES || performance.now() >= until) return false;
    }
  }
}
