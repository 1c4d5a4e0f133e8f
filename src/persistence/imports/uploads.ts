/** Uploaded files live in GridFS, so a worker on any machine can read them. */
import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type ObjectId } from 'mongodb';
import mongoose from 'mongoose';

const bucket = () => {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return new GridFSBucket(db, { bucketName: 'uploads' });
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

export const openUpload = (fileId: ObjectId): Readable => bucket().openDownloadStream(fileId);

export async function deleteUpload(fileId: ObjectId): Promise<void> {
  await bucket().delete(fileId);
}
