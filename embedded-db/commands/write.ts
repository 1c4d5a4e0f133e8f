import { parseSort, sortBy } from '../bson-order.ts';
import { MongoServerError } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import { upsertSeed } from '../storage/plan.ts';
import type { Rec } from '../storage/record.ts';
import { type Doc, isPlainObject, normalize } from '../values.ts';
import { rawDocuments } from '../wire.ts';
import { applyUpdate, validateUpdate } from './apply-update.ts';
import { type Context, collName, docOption, type Handler, letOf, num, ok } from './context.ts';
import { checkHint } from './hint.ts';
import { projector } from './projection.ts';
import { collationOf, refuseUncollatedUpdate } from './refused-options.ts';
import { refuseView } from './views.ts';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [k: string]: unknown;
}

function writeError(index: number, e: unknown): WriteError {
  if (e instanceof MongoServerError) return { index, code: e.code, errmsg: e.message, ...e.extra };
  throw e;
}

/** Runs each statement, collecting write errors; an ordered batch stops at the first one. */
function eachStatement<T>(items: T[], ordered: boolean, run: (item: T, index: number) => void): WriteError[] {
  const errors: WriteError[] = [];
  for (const [i, item] of items.entries()) {
    try {
      run(item, i);
    } catch (e) {
      errors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  return errors;
}

const target = (ctx: Context, cmd: Doc, verb: string): Collection => {
  const name = collName(cmd, verb);
  refuseView(ctx.catalog.collection(ctx.db, name, false));
  return ctx.catalog.collection(ctx.db, name, true);
};

const withErrors = (body: Doc, errors: WriteError[]) => ok(errors.length ? { ...body, writeErrors: errors } : body);

const insert: Handler = (ctx, cmd) => {
  const docs = cmd.documents;
  if (!Array.isArray(docs)) throw new MongoServerError('FailedToParse', "BSON field 'insert.documents' is missing but a required field");
  const coll = target(ctx, cmd, 'insert');
  const raws = rawDocuments(cmd, 'documents');
  let n = 0;
  // The server normalized the whole command, documents included, before it got here.
  const errors = eachStatement(docs as Doc[], cmd.ordered !== false, (doc, i) => {
    coll.insert(doc, undefined, raws?.[i]);
    n++;
  });
  return withErrors({ n }, errors);
};

/** One update statement against a collection; shared by `update` and `findAndModify`. */
function updateOne(coll: Collection, stmt: Doc, multi: boolean, sort?: Doc, variables?: Doc) {
  const q = (docOption(stmt, 'q') ?? {}) as Doc;
  const u = stmt.u;
  validateUpdate(u);
  normalize(u);
  const arrayFilters = stmt.arrayFilters as Doc[] | undefined;
  const collation = collationOf(stmt);
  if (collation) refuseUncollatedUpdate(u, arrayFilters);
  // A statement's constants (`c`), read as `$$name` by its update pipeline, beside the command's `let`.
  const constants = docOption(stmt, 'c');
  if (constants) variables = { ...variables, ...constants };
  checkHint(coll, stmt.hint);
  let matched = coll.find(q, { limit: multi || sort ? 0 : 1, variables, collation });
  if (sort) matched = sortBy(matched, (r) => r.view, parseSort(sort), collation?.compare).slice(0, 1);
  let modified = 0;
  const results: Rec[] = [];
  for (const rec of matched) {
    const applied = applyUpdate(rec, {}, u, arrayFilters, variables);
    if (applied.changed) {
      results.push(coll.replace(rec, applied.doc, applied.wrapped));
      modified++;
    } else results.push(rec);
  }
  if (matched.length === 0 && stmt.upsert) {
    const seed = normalize(upsertSeed(q)).value as Doc;
    const applied = applyUpdate(null, seed, u, arrayFilters, variables);
    const rec = coll.insert(applied.doc, applied.wrapped);
    return { matched: 0, modified: 0, upserted: rec, before: [] as Rec[], after: [rec] };
  }
  return { matched: matched.length, modified, upserted: null, before: matched, after: results };
}

const update: Handler = (ctx, cmd) => {
  const coll = target(ctx, cmd, 'update');
  const variables = letOf(cmd);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const errors = eachStatement((cmd.updates as Doc[]) ?? [], cmd.ordered !== false, (stmt, index) => {
    const r = updateOne(coll, stmt, !!stmt.multi, undefined, variables);
    n += r.matched + (r.upserted ? 1 : 0);
    nModified += r.modified;
    if (r.upserted) upserted.push({ index, _id: r.upserted.doc._id });
  });
  return withErrors(upserted.length ? { n, nModified, upserted } : { n, nModified }, errors);
};

const del: Handler = (ctx, cmd) => {
  const coll = ctx.catalog.collection(ctx.db, collName(cmd, 'delete'), false);
  refuseView(coll);
  const variables = letOf(cmd);
  let n = 0;
  const errors = eachStatement((cmd.deletes as Doc[]) ?? [], cmd.ordered !== false, (stmt) => {
    const collation = collationOf(stmt);
    checkHint(coll, stmt.hint);
    if (!coll) return;
    for (const rec of coll.find((docOption(stmt, 'q') ?? {}) as Doc, { limit: num(stmt.limit), variables, collation })) {
      coll.remove(rec);
      n++;
    }
  });
  return withErrors({ n }, errors);
};

const findAndModify: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'findAndModify');
  refuseView(ctx.catalog.collection(ctx.db, name, false));
  const variables = letOf(cmd);
  const query = (docOption(cmd, 'query') ?? {}) as Doc;
  const sort = docOption(cmd, 'sort');
  const project = projector(docOption(cmd, 'fields'));
  const shape = (rec: Rec | undefined) => (rec ? (project ? project(rec.doc, rec.view) : rec.doc) : null);
  if (cmd.remove) {
    const coll = ctx.catalog.collection(ctx.db, name, false);
    const collation = collationOf(cmd);
    checkHint(coll, cmd.hint);
    const found = coll
      ? sortBy(coll.find(query, { variables, collation }), (r) => r.view, parseSort(sort), collation?.compare)[0]
      : undefined;
    if (coll && found) coll.remove(found);
    return ok({ lastErrorObject: { n: found ? 1 : 0 }, value: shape(found) });
  }
  if (!isPlainObject(cmd.update) && !Array.isArray(cmd.update))
    throw new MongoServerError('FailedToParse', 'Either an update or remove=true must be specified');
  const coll = ctx.catalog.collection(ctx.db, name, true);
  const stmt = { q: query, u: cmd.update, upsert: !!cmd.upsert, arrayFilters: cmd.arrayFilters, collation: cmd.collation, hint: cmd.hint };
  const r = updateOne(coll, stmt, false, sort, variables);
  const lastErrorObject: Doc = { n: r.upserted ? 1 : r.matched, updatedExisting: r.matched > 0 };
  if (r.upserted) lastErrorObject.upserted = r.upserted.doc._id;
  const value = cmd.new ? r.after[0] : r.before[0];
  return ok({ lastErrorObject, value: shape(value) });
};

export const writeCommands: Record<string, Handler> = { insert, update, delete: del, findAndModify, findandmodify: findAndModify };
