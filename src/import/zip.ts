/** Zip files read through their central directory from a stored upload, any byte range at a time (yauzl). */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Reads bytes [start, end) of the stored file. */
export type RangeSource = (start: number, end: number) => Readable;

/**
 * Reads ranges through windows of the file held in memory: a zip of many small entries (a batch of
 * e-invoices) is read entry after entry, and a read from storage per entry (a database query each,
 * for an upload in GridFS) cost twenty times the parsing. Reading entries lazily alternates between
 * the central directory at the end and the entries from the start, so a few windows are kept (the
 * least recently used goes). Larger ranges (a worksheet) stream as they are.
 */
const WINDOW_BYTES = 8 * 2 ** 20;
const WINDOWS = 3;

export class RangeReader extends yauzl.RandomAccessReader {
  /** Errors of the source itself (the database), which say nothing about the zip. */
  readonly failures = new WeakSet<Error>();
  /** Most recently used first. */
  private windows: Array<{ start: number; bytes: Buffer }> = [];

  constructor(
    private readonly source: RangeSource,
    private readonly size = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  private streamOf(start: number, end: number): Readable {
    const s = this.source(start, end);
    s.once('error', (e) => this.failures.add(e));
    return s;
  }

  private async windowFor(start: number, end: number): Promise<{ start: number; bytes: Buffer }> {
    const i = this.windows.findIndex((w) => start >= w.start && end <= w.start + w.bytes.length);
    if (i >= 0) {
      const [w] = this.windows.splice(i, 1);
      this.windows.unshift(w);
      return w;
    }
    const parts: Buffer[] = [];
    for await (const c of this.streamOf(start, Math.min(start + WINDOW_BYTES, this.size))) parts.push(c as Buffer);
    const w = { start, bytes: Buffer.concat(parts) };
    this.windows = [w, ...this.windows.slice(0, WINDOWS - 1)];
    return w;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (end - start > WINDOW_BYTES / 4 || !Number.isFinite(this.size)) return this.streamOf(start, end);
    const self = this;
    async function* bytes() {
      const w = await self.windowFor(start, end);
      yield w.bytes.subarray(start - w.start, end - w.start);
    }
    return Readable.from(bytes(), { objectMode: false });
  }
}
