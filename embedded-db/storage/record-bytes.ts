/**
 * Journal and snapshot records as bytes. A `put` record is {o: 'put', d, c, doc}; it is assembled
 * from a header serialized once per collection and the document serialized straight into the
 * destination, because compacting a million documents through BSON.serialize's fresh buffer each
 * made enough garbage for the collector to pause the server for tens of milliseconds at a time.
 */
import { BSON } from 'bson';
import type { Doc } from '../values.ts';
import type { JournalRecord } from './journal.ts';

/** An embedded-document element named "doc": type 0x03, then the name as a C string. */
const DOC_FIELD = Buffer.from([0x03, ...Buffer.from('doc'), 0]);

const heads = new Map<string, Buffer>();

/** The BSON of {o: 'put', d, c} without its closing 0, ready for the doc field to follow; made once per collection. */
export function putHead(d: string, c: string): Buffer {
  const key = `${d}\0${c}`;
  let head = heads.get(key);
  if (!head) {
    const bson = BSON.serialize({ o: 'put', d, c });
    heads.set(key, (head = Buffer.concat([bson.subarray(0, bson.length - 1), DOC_FIELD])));
  }
  return head;
}

/** A put record around a document's BSON that is already at hand (an insert's bytes as sent). */
export function putRecord(head: Buffer, docBytes: Uint8Array): Buffer {
  const rec = Buffer.allocUnsafe(head.length + docBytes.length + 1);
  head.copy(rec, 0);
  rec.set(docBytes, head.length);
  rec[rec.length - 1] = 0;
  rec.writeInt32LE(rec.length, 0);
  return rec;
}

/**
 * Writes records into one buffer, reused from one batch to the next. `room` must be at least the
 * largest record possible (a 16 MiB document and its header), as BSON.serializeWithBufferAndIndex
 * cannot grow the buffer.
 */
export class RecordWriter {
  private readonly buf: Buffer;
  private at = 0;

  constructor(room = 18 << 20) {
    this.buf = Buffer.allocUnsafe(room);
  }

  get length(): number {
    return this.at;
  }

  add(r: JournalRecord): void {
    if (r.o === 'put') this.addPut(r.d, r.c, r.doc);
    else this.at = BSON.serializeWithBufferAndIndex(r, this.buf, { index: this.at }) + 1;
  }

  private addPut(d: string, c: string, doc: Doc): void {
    const head = putHead(d, c);
    const start = this.at;
    head.copy(this.buf, start);
    const end = BSON.serializeWithBufferAndIndex(doc, this.buf, { index: start + head.length }) + 1;
    this.buf[end] = 0;
    this.at = end + 1;
    this.buf.writeInt32LE(this.at - start, start);
  }

  /** The bytes written since the last `clear`; valid until the next `add`. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  clear(): void {
    this.at = 0;
  }
}
