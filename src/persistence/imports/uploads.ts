/** Uploaded files live in GridFS, so a worker on any machine can read them. */
import { createHash } from 'node:crypto';
import { PassThrough, pipeline as pipelineCb, type Readable, Transform } from 'node:stream';
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
 * Reads a stored upload. The buffer lets the next chunks be fetched while the importer parses the
 * ones it has, instead of one round trip at a time.
 */
export const openUpload = (fileId: ObjectId): Readable =>
  // pipeline passes a read error on to the reader, and closing the reader closes the download.
  pipelineCb(bucket().openDownloadStream(fileId), new PassThrough({ highWaterMark: 1 << 20 }), () => {});

export async function deleteUpload(fileId: ObjectId): Promise<void> {
  await bucket().delete(fileId);
}
