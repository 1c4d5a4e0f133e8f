import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyHashes, repeatedKeys } from '../../src/import/repeated-keys.ts';

/** What the importer needs: every key on two or more lines, with exactly those lines. */
function exact(keys: string[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const [i, k] of keys.entries()) byKey.set(k, [...(byKey.get(k) ?? []), i + 2]);
  return new Map([...byKey].filter(([, lines]) => lines.length > 1));
}

function viaHashes(keys: string[]): Map<string, number[]> {
  const hashes = new KeyHashes();
  for (const [i, k] of keys.entries()) hashes.add(k, i + 2);
  const lines = hashes.candidateLines();
  return repeatedKeys(keys.map((key, i) => ({ key, line: i + 2 })).filter((r) => lines.has(r.line)));
}

describe('repeated keys in a file', () => {
  it('finds exactly the keys on more than one line, with all their lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 300 }), (keys) => {
        expect(viaHashes(keys)).toEqual(exact(keys));
      }),
    );
  });

  it('keeps every key apart across table growth (200,000 distinct keys, three repeated)', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `LEV${i % 10_000}\u0000F${i}`);
    keys.push('LEV5\u0000F5', 'LEV9999\u0000F199999', 'LEV5\u0000F5');
    expect(viaHashes(keys)).toEqual(
      new Map([
        ['LEV5\u0000F5', [7, 200_002, 200_004]],
        ['LEV9999\u0000F199999', [200_001, 200_003]],
      ]),
    );
  });
});
