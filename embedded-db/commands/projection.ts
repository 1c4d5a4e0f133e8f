import { Query } from 'mingo';
import { fail } from '../errors.ts';
import { type Doc, isPlainObject } from '../values.ts';

type Tree = { [k: string]: Tree | true };

function tree(paths: string[]): Tree {
  const root: Tree = {};
  for (const p of paths) {
    let cur = root;
    const parts = p.split('.');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1) cur[part] = true;
      else if (cur[part] !== true) cur = (cur[part] ??= {}) as Tree;
    }
  }
  return root;
}

function include(value: unknown, t: Tree): unknown {
  if (Array.isArray(value)) return value.filter((v) => isPlainObject(v) || Array.isArray(v)).map((v) => include(v, t));
  if (!isPlainObject(value)) return undefined;
  const out: Doc = {};
  for (const [k, sub] of Object.entries(t)) {
    if (!(k in value)) continue;
    if (sub === true) out[k] = value[k];
    else {
      const inner = include(value[k], sub);
      if (inner !== undefined) out[k] = inner;
    }
  }
  return out;
}

function exclude(value: unknown, t: Tree): unknown {
  if (Array.isArray(value)) return value.map((v) => exclude(v, t));
  if (!isPlainObject(value)) return value;
  const out: Doc = {};
  for (const k in value) {
    const sub = t[k];
    if (sub === true) continue;
    out[k] = sub ? exclude(value[k], sub) : value[k];
  }
  return out;
}

/** Only inclusions and exclusions: what it returns is part of the document, never more. */
export const isPlainProjection = (spec: Doc | undefined): boolean =>
  !spec || Object.values(spec).every((v) => typeof v === 'number' || typeof v === 'boolean');

/**
 * A projection function. Plain inclusion/exclusion runs here on the typed document (so numeric
 * types survive); projections with operators ($slice, $elemMatch, expressions) go through mingo.
 */
export function projector(spec: Doc | undefined): ((doc: Doc, view: Doc) => Doc) | null {
  if (!spec || Object.keys(spec).length === 0) return null;
  // 'a.$' projects the array element the filter matched: it needs the filter, which this does not see.
  if (Object.keys(spec).some((k) => k === '$' || k.endsWith('.$') || k.includes('.$.')))
    fail('NotImplemented', 'the positional projection ($) is not supported by the embedded server');
  const entries = Object.entries(spec);
  if (!isPlainProjection(spec)) {
    // mingo's $elemMatch projection takes only a document's conditions ({$elemMatch: {b: 1}}), not
    // an element's own ({$elemMatch: {$gt: 1}}, for an array of values), which MongoDB takes too.
    for (const v of Object.values(spec))
      if (isPlainObject(v) && isPlainObject(v.$elemMatch) && Object.keys(v.$elemMatch).some((k) => k.startsWith('$')))
        fail('NotImplemented', 'an $elemMatch projection on the elements themselves ($gt, $in, …) is not supported by the embedded server');
    return (_doc, view) => new Query({}).find<Doc>([view], spec).next() as Doc;
  }
  const idOff = entries.some(([k, v]) => k === '_id' && !v);
  const inclusions = entries.filter(([k, v]) => k !== '_id' && v).map(([k]) => k);
  if (inclusions.length > 0) {
    const t = tree(idOff ? inclusions : ['_id', ...inclusions]);
    return (doc) => include(doc, t) as Doc;
  }
  const t = tree(entries.filter(([, v]) => !v).map(([k]) => k));
  return (doc) => exclude(doc, t) as Doc;
}
