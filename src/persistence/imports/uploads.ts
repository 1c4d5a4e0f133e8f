/** Uploaded files live in GridFS, so a worker on any machine can read them. */
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';

type ObjectId = mongoose.mongo.ObjectId;

const bucket = () => {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: 'uploads' });
};

export class UploadTooLarge extends Error {}

/** Streams a file into GridFS, hashing it on the way; stops with UploadTooLarge past `limit` bytes. */
export async function storeUpload(
  input: Readable,
  fileName: string,
  limit: number,
): Promise<{ fileId: ObjectId; size: number; checksum: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const upload = bucket().openUploadStream(fileName);
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit) return cb(new UploadTooLarge(`the file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB`));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(input, meter, upload);
  } catch (e) {
    await bucket()
      .delete(upload.id)
      .catch(() => {});
    throw e;
  }
  return { fileId: upload.id, size, checksum: hash.digest('hex') };
}

interface StoredFile {
  length: number;
  chunkSize: number;
}

async function storedFile(fileId: ObjectId): Promise<StoredFile> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  const file = await db.collection('uploads.files').findOne({ _id: fileId }, { projection: { length: 1, chunkSize: 1 } });
  if (!file) throw new Error(`upload ${String(fileId)} does not exist`);
  return { length: file.length as number, chunkSize: file.chunkSize as number };
}

/**
 * Bytes [start, end) of a stored upload (the whole file without a range), read chunk by chunk in
 * batches of a few chunks. The driver's GridFS download asks for 16 MB batches; two of those in
 * memory (one read, one arriving) were a tenth of an importer's memory, so the chunks are read here
 * with a small batch size. The chunk numbers, and for the whole file its length, are checked against
 * the file document, as the driver does.
 */
function readUpload(fileId: ObjectId, file: () => Promise<StoredFile>, range?: { start: number; end: number }): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const db = mongoose.connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    const { length, chunkSize } = await file();
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? length, length);
    if (start >= end) return;
    const first = Math.floor(start / chunkSize);
    const last = Math.floor((end - 1) / chunkSize);
    let n = first;
    let bytes = 0;
    const cursor = db
      .collection('uploads.chunks')
      .find({ files_id: fileId, n: { $gte: first, $lte: last } }, { sort: { n: 1 }, batchSize: 4 });
    for await (const c of cursor) {
      if (c.n !== n) throw new Error(`upload ${String(fileId)}: chunk ${n} is missing`);
      const data = (c.data as mongoose.mongo.Binary).buffer;
      const from = n === first ? start - first * chunkSize : 0;
      const to = n === last ? end - last * chunkSize : data.length;
      n++;
      bytes += data.length;
      yield Buffer.from(data.buffer, data.byteOffset + from, Math.min(to, data.length) - from);
    }
    if (n !== last + 1) throw new Error(`upload ${String(fileId)}: chunk ${n} is missing`);
    if (!range && bytes !== length) throw new Error(`upload ${String(fileId)}: ${bytes} bytes stored of ${length}`);
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 20 });
}

/** A stored upload, whole. */
export function openUpload(fileId: ObjectId): Readable {
  return readUpload(fileId, () => storedFile(fileId));
}

/** Reads any byte range of a stored upload (a zip is read from its end); the file document is read once. */
export function uploadRanges(fileId: ObjectId): (start: number, end: number) => Readable {
  let file: Promise<StoredFile> | undefined;
  return (start, end) => readUpload(fileId, () => (file ??= storedFile(fileId)), { start, end });
}

export async function deleteUpload(fileId: ObjectId): Promise<void> {
  await bucket().delete(fileId);
}
