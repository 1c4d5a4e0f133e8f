export { type EmbeddedMongo, type EmbeddedMongoOptions, startEmbeddedMongo } from './server.ts';
export { journalBytes } from './storage/files.ts';
