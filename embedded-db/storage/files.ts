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
import { BSON } from 'bson';
import type { Doc } from '../values.ts';

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

const DESERIALIZE = { promoteValues: false, bsonRegExp: false } as const;

/** Reads a file of concatenated BSON documents, stopping at a torn tail. */
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

/** The directory's entries (a created, renamed or deleted file) made durable, off the event loop. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
