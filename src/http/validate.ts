import type { z } from 'zod';
import { badRequest } from '../errors.ts';

/** Parses request input with a zod schema; a failure is a 400 naming each bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, where: 'query' | 'body' | 'params'): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    // An unknown key (e.g. `asOf[$gt]`, an operator in disguise) is named as the field itself.
    const fields = r.error.issues.map((i) => {
      const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [];
      return keys.length
        ? { field: `${where}.${keys.join(', ')}`, message: 'not a parameter of this request' }
        : { field: `${where}.${i.path.join('.')}`, message: i.message };
    });
    throw badRequest(fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  }
  return r.data;
}
