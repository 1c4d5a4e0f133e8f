import path from 'node:path';
import { BSON } from 'bson';
import { Query } from 'mingo';
import { sourceOf } from '../cursors.ts';
import { fail } from '../errors.ts';
import type { IndexSpec } from '../storage/index-store.ts';
import { type Doc, isPlainObject } from '../values.ts';
import { collName, docOption, type Handler, num, ok } from './context.ts';
import { refuseView, viewOf, viewOptions } from './views.ts';

const listDatabases: Handler = (ctx, cmd) => {
  const filter = docOption(cmd, 'filter');
  const query = filter ? new Query(filter) : null;
  const databases = ctx.catalog
    .databases()
    .map((name) => {
      let sizeOnDisk = 0;
      for (const c of ctx.catalog.collections(name)) for (const r of c.all()) sizeOnDisk += BSON.calculateObjectSize(r.doc);
      return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    })
    .filter((d) => !query || query.test(d));
  if (cmd.nameOnly) return ok({ databases: databases.map((d) => ({ name: d.name })) });
  return ok({ databases, totalSize: databases.reduce((s, d) => s + d.sizeOnDisk, 0), totalSizeMb: 0 });
};

const dropDatabase: Handler = (ctx) => {
  ctx.catalog.dropDatabase(ctx.db);
  return ok({ dropped: ctx.db });
};

const create: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'create');
  if (ctx.catalog.collection(ctx.db, name, false)) fail('NamespaceExists', `Collection ${ctx.db}.${name} already exists.`);
  if (cmd.viewOn !== undefined) {
    const view = viewOptions(cmd);
    ctx.catalog.collection(ctx.db, name, true, { viewOn: view.viewOn, pipeline: view.pipeline });
    return ok();
  }
  const { create: _c, $db, lsid, $clusterTime, $readPreference, writeConcern, ...options } = cmd;
  ctx.catalog.collection(ctx.db, name, true, options);
  return ok();
};

// MongoDB 7 answers ok to dropping a collection that does not exist.
const drop: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'drop');
  const coll = ctx.catalog.collection(ctx.db, name, false);
  const nIndexesWas = coll ? coll.indexSpecs().length : undefined;
  ctx.catalog.dropCollection(ctx.db, name);
  return ok(coll ? { nIndexesWas, ns: `${ctx.db}.${name}` } : {});
};

const listCollections: Handler = (ctx, cmd) => {
  const filter = docOption(cmd, 'filter');
  const query = filter ? new Query(filter) : null;
  const infos = ctx.catalog
    .collections(ctx.db)
    .map((c) =>
      viewOf(c)
        ? { name: c.name, type: 'view', options: c.options, info: { readOnly: true } }
        : {
            name: c.name,
            type: 'collection',
            options: c.options,
            info: { readOnly: false },
            idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
          },
    )
    .filter((c) => !query || query.test(c))
    .map((c) => (cmd.nameOnly ? { name: c.name, type: c.type } : c));
  return ok(
    ctx.cursors.first(`${ctx.db}.$cmd.listCollections`, sourceOf(infos), {
      batchSize: num((cmd.cursor as Doc)?.batchSize) || undefined,
    }),
  );
};

function defaultName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(typeof v === 'object' ? num(v) : v)}`)
    .join('_');
}

const createIndexes: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'createIndexes');
  const specs = cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0) fail('BadValue', 'Must specify at least one index to create');
  const found = ctx.catalog.collection(ctx.db, name, false);
  refuseView(found);
  const created = !found;
  const coll = ctx.catalog.collection(ctx.db, name, true);
  const before = coll.indexSpecs().length;
  for (const raw of specs as Doc[]) {
    if (!isPlainObject(raw.key) || Object.keys(raw.key).length === 0)
      fail('CannotCreateIndex', 'index key pattern must be a non-empty object');
    const key: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(raw.key as Doc)) key[k] = typeof v === 'string' ? v : num(v);
    if (Object.values(key).some((v) => typeof v === 'string'))
      fail('NotImplemented', 'only ascending/descending indexes are supported by the embedded server');
    if (raw.expireAfterSeconds !== undefined) {
      const s = raw.expireAfterSeconds;
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 2 ** 31 - 1)
        fail('CannotCreateIndex', "TTL index 'expireAfterSeconds' option must be a number of seconds from 0 to 2147483647");
      if (Object.keys(key).length > 1)
        fail('CannotCreateIndex', 'TTL indexes are single-field indexes, compound indexes do not support TTL');
    }
    const spec: IndexSpec = { ...(raw as Doc), v: 2, key, name: typeof raw.name === 'string' ? raw.name : defaultName(key) };
    if (spec.name === '_id_' || (Object.keys(key).length === 1 && key._id !== undefined)) continue;
    coll.createIndex(spec);
  }
  const after = coll.indexSpecs().length;
  return ok({
    createdCollectionAutomatically: created,
    numIndexesBefore: before,
    numIndexesAfter: after,
    ...(after === before ? { note: 'all indexes already exist' } : {}),
  });
};

const listIndexes: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'listIndexes');
  const coll = ctx.catalog.collection(ctx.db, name, false);
  if (!coll) fail('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  return ok(
    ctx.cursors.first(`${ctx.db}.${name}`, sourceOf(coll.indexSpecs()), {
      batchSize: num((cmd.cursor as Doc)?.batchSize) || undefined,
    }),
  );
};

const dropIndexes: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'dropIndexes');
  const coll = ctx.catalog.collection(ctx.db, name, false);
  if (!coll) fail('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexSpecs().length;
  const which = cmd.index;
  if (which === '*') for (const ix of coll.indexes.slice()) coll.dropIndex(ix.spec.name);
  else if (typeof which === 'string') coll.dropIndex(which);
  else if (Array.isArray(which)) for (const n of which) coll.dropIndex(String(n));
  else if (isPlainObject(which)) {
    const found = coll
      .indexSpecs()
      .find((s) => JSON.stringify(s.key) === JSON.stringify(Object.fromEntries(Object.entries(which).map(([k, v]) => [k, num(v)]))));
    if (!found) fail('IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    coll.dropIndex(found.name);
  } else fail('TypeMismatch', "BSON field 'dropIndexes.index' is missing or has the wrong type");
  return ok({ nIndexesWas });
};

/**
 * MongoDB compacts one collection; the embedded server keeps one snapshot for everything, so it
 * compacts the whole data directory (as it does on its own when the journal grows). Like mongod it
 * answers once done and other commands go on meanwhile.
 */
const compact: Handler = async (ctx, cmd) => {
  const name = collName(cmd, 'compact');
  if (!ctx.catalog.collection(ctx.db, name, false)) fail('NamespaceNotFound', `collection does not exist: ${ctx.db}.${name}`);
  const before = ctx.catalog.diskBytes();
  await ctx.catalog.compactAll();
  return ok({ bytesFreed: Math.max(0, before - ctx.catalog.diskBytes()) });
};

/**
 * The embedded server's own command (MongoDB has none like it: there, mongodump): a consistent copy
 * of the data directory into the directory `into`, while writes go on (Catalog.backup).
 */
const tijdigBackup: Handler = async (ctx, cmd) => {
  if (ctx.db !== 'admin') fail('Unauthorized', 'tijdigBackup may only be run against the admin database');
  const into = cmd.into;
  if (typeof into !== 'string' || !path.isAbsolute(into)) fail('BadValue', 'tijdigBackup needs into: an absolute directory path');
  try {
    const r = await ctx.catalog.backup(into);
    return ok({ files: r.files, counts: r.counts, at: r.at });
  } catch (e) {
    return fail('InternalError', (e as Error).message);
  }
};

export const catalogCommands: Record<string, Handler> = {
  tijdigBackup,
  listDatabases,
  dropDatabase,
  create,
  drop,
  listCollections,
  createIndexes,
  listIndexes,
  dropIndexes,
  compact,
};
