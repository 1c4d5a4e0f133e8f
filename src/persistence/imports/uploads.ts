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

/**
 * Reads a stored upload, chunk by chunk in batches of a few chunks. The driver's GridFS download
 * asks for 16 MB batches; two of those in memory (one read, one arriving) were a tenth of an
 * importer's memory, so the chunks are read here with a small batch size. The chunk numbers and
 * total length are checked against the file document, as the driver does.
 */
export function openUpload(fileId: ObjectId): Readable {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  async function* chunks(): AsyncGenerator<Buffer> {
    const file = await db!.collection('uploads.files').findOne({ _id: fileId });
    if (!file) throw new Error(`upload ${String(fileId)} does not exist`);
    let n = 0;
    let bytes = 0;
    const cursor = db!.collection('uploads.chunks').find({ files_id: fileId }, { sort: { n: 1 }, batchSize: 4 });
    for await (const c of cursor) {
      if (c.n !== n) throw new Error(`upload ${String(fileId)}: chunk ${n} is missing`);
      const data = (c.data as mongoose.mongo.Binary).buffer;
      n++;
      bytes += data.length;
      yield Buffer.from(data.buffer, data.byteOffset, data.length);
    }
    if (bytes !== file.length) throw new Error(`upload ${String(fileId)}: ${bytes} bytes stored of ${file.length}`);
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 20 });
}

export async function deleteUpload(fileId: ObjectId): Promise<void> {
  await bucket().delete(fileId);
}
