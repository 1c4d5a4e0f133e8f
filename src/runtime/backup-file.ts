/**
 * tijdig's backup file: the embedded database's files at one moment and the generated secret key,
 * in one file that says what it holds and proves it is whole.
 *
 *   tijdig-backup 1\n
 *   {"version":1,"createdAt":…,"at":…,"counts":{…},"files":[{"name","bytes","sha256"},…]}\n
 *   the files' bytes, one after the other
 *   tijdig-backup-end <SHA-256 of everything before this line>\n
 *
 * Reading checks the first line, the version, each file's length and hash and the end line before
 * anything is written: a truncated file, one of another version or one that is not a backup is refused
 * with what is wrong, and nothing where it would be restored changes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MAGIC = 'tijdig-backup';
export const BACKUP_VERSION = 1;
const END = 'tijdig-backup-end ';

export interface BackupManifest {
  version: number;
  createdAt: string;
  /** The moment the copy is of (the database's cut). */
  at: string;
  /** Documents per "db.collection" at that moment. */
  counts: Record<string, number>;
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

export class BackupFileError extends Error {}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of fs.createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

/** Writes the backup file from files on disk (name in the backup → path). */
export async function writeBackupFile(
  out: string,
  files: Array<{ name: string; path: string }>,
  meta: { at: string; counts: Record<string, number> },
): Promise<BackupManifest> {
  const manifest: BackupManifest = {
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    at: meta.at,
    counts: meta.counts,
    files: [],
  };
  for (const f of files) manifest.files.push({ name: f.name, bytes: fs.statSync(f.path).size, sha256: await sha256File(f.path) });
  const tmp = `${out}.part`;
  const handle = await fs.promises.open(tmp, 'w');
  const whole = createHash('sha256');
  const write = async (b: Buffer) => {
    whole.update(b);
    for (let off = 0; off < b.length; ) off += (await handle.write(b, off)).bytesWritten;
  };
  try {
    await write(Buffer.from(`${MAGIC} ${BACKUP_VERSION}\n${JSON.stringify(manifest)}\n`));
    for (const f of files) for await (const c of fs.createReadStream(f.path, { highWaterMark: 1 << 20 })) await write(c as Buffer);
    const end = Buffer.from(`${END}${whole.digest('hex')}\n`);
    for (let off = 0; off < end.length; ) off += (await handle.write(end, off)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, out);
  return manifest;
}

/** Reads the header of a backup file: the manifest, and where the files' bytes start. */
function header(file: string): { manifest: BackupManifest; start: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new BackupFileError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    fs.readSync(fd, buf, 0, buf.length, 0);
    const firstEnd = buf.indexOf(10);
    const first = buf.subarray(0, firstEnd < 0 ? Math.min(buf.length, 40) : firstEnd).toString('latin1');
    const m = /^tijdig-backup (\d+)$/.exec(first);
    if (!m) throw new BackupFileError(`${file}: not a tijdig backup (it does not start with "${MAGIC}")`);
    if (Number(m[1]) !== BACKUP_VERSION)
      throw new BackupFileError(`${file}: a backup of version ${m[1]}; this tijdig reads version ${BACKUP_VERSION} only`);
    const secondEnd = buf.indexOf(10, firstEnd + 1);
    if (secondEnd < 0) throw new BackupFileError(`${file}: truncated (it ends inside its list of contents)`);
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(buf.subarray(firstEnd + 1, secondEnd).toString('utf8'));
    } catch {
      throw new BackupFileError(`${file}: its list of contents is not readable`);
    }
    if (
      !Array.isArray(manifest.files) ||
      manifest.files.some((f) => typeof f.name !== 'string' || !Number.isInteger(f.bytes) || f.bytes < 0)
    )
      throw new BackupFileError(`${file}: its list of contents is not readable`);
    return { manifest, start: secondEnd + 1, size };
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks a backup file whole (lengths, every file's hash, the end line); returns its manifest. */
export async function checkBackupFile(file: string): Promise<BackupManifest> {
  const { manifest, start, size } = header(file);
  const contentEnd = start + manifest.files.reduce((s, f) => s + f.bytes, 0);
  const endLine = END.length + 64 + 1;
  if (size < contentEnd + endLine)
    throw new BackupFileError(`${file}: truncated (${size} bytes, where its contents and end need ${contentEnd + endLine})`);
  if (size > contentEnd + endLine) throw new BackupFileError(`${file}: has ${size - contentEnd - endLine} bytes more than its contents`);
  const whole = createHash('sha256');
  for await (const c of fs.createReadStream(file, { start: 0, end: start - 1 })) whole.update(c as Buffer);
  let at = start;
  for (const f of manifest.files) {
    const h = createHash('sha256');
    if (f.bytes > 0)
      for await (const c of fs.createReadStream(file, { start: at, end: at + f.bytes - 1, highWaterMark: 1 << 20 })) {
        h.update(c as Buffer);
        whole.update(c as Buffer);
      }
    if (h.digest('hex') !== f.sha256) throw new BackupFileError(`${file}: ${f.name} in it is damaged (its hash does not match)`);
    at += f.bytes;
  }
  const tail = Buffer.alloc(endLine);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, tail, 0, endLine, contentEnd);
  fs.closeSync(fd);
  const line = tail.toString('latin1');
  if (!line.startsWith(END) || line.slice(END.length, END.length + 64) !== whole.digest('hex'))
    throw new BackupFileError(`${file}: damaged (its end line does not match its contents)`);
  return manifest;
}

/**
 * Restores a checked backup into `dataDir`, which must be empty or not exist: the files are written
 * into a folder beside their place and moved there only once all are written.
 */
export async function restoreBackupFile(file: string, dataDir: string): Promise<BackupManifest> {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
    throw new BackupFileError(`${dataDir} is not empty: a backup is restored into an empty TIJDIG_DATA_DIR only`);
  const manifest = await checkBackupFile(file);
  const { start } = header(file);
  fs.mkdirSync(dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dataDir, '.restoring-'));
  try {
    let at = start;
    for (const f of manifest.files) {
      const target = path.join(staging, f.name);
      if (!target.startsWith(staging + path.sep)) throw new BackupFileError(`${file}: names a file outside the data directory (${f.name})`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const out = await fs.promises.open(target, 'w');
      try {
        if (f.bytes > 0)
          for await (const c of fs.createReadStream(file, { start: at, end: at + f.bytes - 1, highWaterMark: 1 << 20 }))
            await out.write(c as Buffer);
        await out.sync();
      } finally {
        await out.close();
      }
      at += f.bytes;
    }
    for (const entry of fs.readdirSync(staging)) fs.renameSync(path.join(staging, entry), path.join(dataDir, entry));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return manifest;
}
