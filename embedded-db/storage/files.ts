/**
 * The data directory's files. `snapshot.bson` holds the whole catalog as of some moment;
 * `journal-<n>.bson` hold every write since, in the order of n (`journal.bson`, the single journal
 * of earlier versions, counts as number 0). All are plain concatenations of BSON documents, so a
 * torn last record (a crash mid-write) is recognisable by its length and dropped.
 *
 * Replaying every journal that still exists over the snapshot is always right, even journals older
 * than the snapshot: each record sets a document's whole value (or removes it), so replaying an
 * older stretch of history only passes through earlier states on the way to the same end. That is
 * what lets a compaction install its snapshot first and delete the journals it covers afterwards,
 * with a crash possible in between.
 */
import fs from 'node:fs';
import path from 'node:path';

export const snapshotPath = (dir: string) => path.join(dir, 'snapshot.bson');
export const snapshotTempPath = (dir: string) => `${snapshotPath(dir)}.tmp`;
export const journalPath = (dir: string, n: number) => path.join(dir, n === 0 ? 'journal.bson' : `journal-${n}.bson`);

const JOURNAL = /^journal(?:-(\d+))?\.bson$/;

/** The journals in the directory, oldest first, by number. */
export function journalNumbers(dir: string): number[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => JOURNAL.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => (m[1] === undefined ? 0 : Number(m[1])))
    .sort((a, b) => a - b);
}

/** Bytes the snapshot takes (0 before the first). */
export function snapshotBytes(dir: string): number {
  return fs.existsSync(snapshotPath(dir)) ? fs.statSync(snapshotPath(dir)).size : 0;
}

/** Bytes held by all journals: what a restart would replay on top of the snapshot. */
export function journalBytes(dir: string): number {
  let total = 0;
  for (const n of journalNumbers(dir)) {
    try {
      total += fs.statSync(journalPath(dir, n)).size;
    } catch {
      // Deleted by a compaction between listing and stat.
    }
  }
  return total;
}

export const DESERIALIZE = { promoteValues: false, bsonRegExp: false } as const;

/** A file of concatenated BSON documents: its bytes and where each record starts, up to a torn tail. */
export function recordsOf(file: string): { buf: Buffer; starts: number[] } {
  const starts: number[] = [];
  if (!fs.existsSync(file)) return { buf: Buffer.alloc(0), starts };
  const buf = fs.readFileSync(file);
  let off = 0;
  while (off + 4 <= buf.length) {
    const size = buf.readInt32LE(off);
    if (size < 5 || off + size > buf.length || buf[off + size - 1] !== 0) break;
    starts.push(off);
    off += size;
  }
  return { buf, starts };
}

/**
 * Walks the string fields a record begins with ({o, d, c, …} as journal.ts and record-bytes.ts write
 * them), from its first field at `at` to the record's `end`; `visit` gets each one's name and where
 * its value lies. Returns where the first field that is not a string begins.
 */
function leadingStrings(buf: Buffer, at: number, end: number, visit?: (name: string, from: number, to: number) => void): number {
  let p = at;
  while (p < end && buf[p] === 0x02) {
    const nameEnd = buf.indexOf(0, p + 1);
    if (nameEnd < 0 || nameEnd >= end) break;
    const len = buf.readInt32LE(nameEnd + 1);
    visit?.(buf.toString('latin1', p + 1, nameEnd), nameEnd + 5, nameEnd + 4 + len);
    p = nameEnd + 5 + len;
  }
  return p;
}

/** A put record's document, as bytes: its `doc` field right after the leading strings; null for any other record. */
export function putDocument(bytes: Buffer): Buffer | null {
  const p = leadingStrings(bytes, 4, bytes.length);
  // An embedded document named "doc".
  if (bytes[p] !== 0x03 || bytes[p + 1] !== 0x64 || bytes[p + 2] !== 0x6f || bytes[p + 3] !== 0x63 || bytes[p + 4] !== 0) return null;
  const start = p + 5;
  return bytes.subarray(start, start + bytes.readInt32LE(start));
}

export interface RecordHead {
  o?: string;
  d?: string;
  c?: string;
}

/**
 * Which operation on which collection a record is, read from its leading strings without decoding
 * the rest. Consecutive records of one collection begin with the same bytes, so those are compared
 * with the last record's instead of read again (a million strings made and dropped took over a
 * second of a start).
 */
export class RecordHeads {
  private last: Buffer | null = null;
  private lastHead: RecordHead = {};

  read(buf: Buffer, at: number): RecordHead {
    const last = this.last;
    if (last && at + 4 + last.length <= buf.length && buf.compare(last, 0, last.length, at + 4, at + 4 + last.length) === 0)
      return this.lastHead;
    const head: RecordHead = {};
    const end = leadingStrings(buf, at + 4, at + buf.readInt32LE(at), (name, from, to) => {
      if (name === 'o' || name === 'd' || name === 'c') head[name] = buf.toString('utf8', from, to);
    });
    this.last = Buffer.from(buf.subarray(at + 4, end));
    this.lastHead = head;
    return head;
  }
}

/** The directory's entries (a created, renamed or deleted file) made durable, off the event loop. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
