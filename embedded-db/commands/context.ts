import { Double, Int32, Long } from 'bson';
import type { CursorStore } from '../cursors.ts';
import { fail } from '../errors.ts';
import type { Catalog } from '../storage/catalog.ts';
import type { Collection } from '../storage/collection.ts';
import { type Doc, isPlainObject, toView } from '../values.ts';

export interface Context {
  catalog: Catalog;
  cursors: CursorStore;
  connectionId: number;
  /** The database the command names in `$db`. */
  db: string;
}

/** A command; only long-running maintenance (compact) answers later, through a promise. */
export type Handler = (ctx: Context, cmd: Doc) => Doc | Promise<Doc>;

/** A numeric command option as a JS number (drivers send int32, int64 or double). */
export function num(v: unknown, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Double || v instanceof Int32) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return fallback;
}

export function collName(cmd: Doc, verb: string): string {
  const name = cmd[verb];
  if (typeof name !== 'string' || name.length === 0)
    fail('InvalidNamespace', `collection name has invalid type ${name === undefined ? 'missing' : typeof name}`);
  return name;
}

export function docOption(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) fail('TypeMismatch', `BSON field '${field}' is the wrong type '${typeof v}', expected type 'object'`);
  return v;
}

/** The named collection if it exists; commands that read treat a missing one as empty. */
export function existing(ctx: Context, cmd: Doc, verb: string): Collection | undefined {
  return ctx.catalog.collection(ctx.db, collName(cmd, verb), false);
}

export const ok = (body: Doc = {}): Doc => ({ ...body, ok: 1 });

/** A command's `let` variables (read as `$$name` in its expressions), checked to be a document. */
export const letOf = (cmd: Doc): Doc | undefined => docOption(cmd, 'let');

/** What a command's pipeline runs with: the database's other collections ($lookup, $unionWith) and its `let`. */
export function pipelineOptions(ctx: Context, variables?: Doc) {
  const collectionResolver = (name: string) => [...(ctx.catalog.collection(ctx.db, name, false)?.all() ?? [])].map((r) => r.view);
  return variables ? { collectionResolver, variables: toView(variables) as Doc } : { collectionResolver };
}
