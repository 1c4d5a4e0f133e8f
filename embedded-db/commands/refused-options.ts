/**
 * Options the embedded server does not implement, refused with MongoDB's NotImplemented rather than
 * ignored: ignoring one would change a result without a word (a case-insensitive collation would
 * match fewer documents).
 */
import { fail } from '../errors.ts';
import { type Doc, isPlainObject } from '../values.ts';

/** The statement lists of write and index commands, each statement of which may carry options of its own. */
const STATEMENTS = ['updates', 'deletes', 'indexes'] as const;

/** The simple collation compares strings by their bytes: what the server does anyway. */
const isSimple = (c: unknown) => isPlainObject(c) && c.locale === 'simple';

export function refuseUnsupportedOptions(cmd: Doc): void {
  const check = (o: Doc, where: string) => {
    if (o.collation !== undefined && !isSimple(o.collation))
      fail('NotImplemented', `${where}collation: only the simple collation ({locale: "simple"}) is supported by the embedded server`);
  };
  check(cmd, '');
  for (const list of STATEMENTS) {
    const items = cmd[list];
    if (!Array.isArray(items)) continue;
    for (const [i, s] of items.entries()) if (isPlainObject(s)) check(s, `${list}[${i}].`);
  }
}
