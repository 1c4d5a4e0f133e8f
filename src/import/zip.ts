/** Zip files read through their central directory from a stored upload, any byte range at a time (yauzl). */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Reads bytes [start, end) of the stored file. */
export type RangeSource = (start: number, end: number) => Readable;

export class RangeReader extends yauzl.RandomAccessReader {
  /** Errors of the source itself (the database), which say nothing about the zip. */
  readonly failures = new WeakSet<Error>();
  constructor(private readonly source: RangeSource) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const s = this.source(start, end);
    s.once('error', (e) => this.failures.add(e));
    return s;
  }
}
