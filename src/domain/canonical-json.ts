/**
 * JSON with the keys of every object sorted (dates as ISO text, undefined left out): the same value
 * gives the same text however a store or a client ordered its fields, so its hash can be compared.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** SHA-256 (hex) of a value's canonical JSON. */
export const canonicalHash = (v: unknown): string => createHash('sha256').update(canonicalJson(v)).digest('hex');
