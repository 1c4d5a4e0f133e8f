import mongoose from 'mongoose';

/** One mongoose connection per process; models are registered on it by the persistence modules. */
export async function connectMongo(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // While the database is away a request waits at most this long before it is answered 503.
  mongoose.set('bufferTimeoutMS', 5_000);
  return mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000, autoIndex: true });
}

export async function pingMongo(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) throw new Error('MongoDB is not connected');
  await db.admin().ping();
}
