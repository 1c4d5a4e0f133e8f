import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotUtf8, readCsv } from '../../src/import/source.ts';

const collect = async (input: Readable, checkUtf8 = false) => {
  const rows: Array<{ fields: string[]; line: number }> = [];
  for await (const batch of readCsv(input, 'utf-8', ';', { checkUtf8 }))
    for (const r of batch) rows.push({ fields: r.fields, line: r.line });
  return rows;
};

describe('reading CSV records from a stream', () => {
  it('passes on a failure to read the source instead of waiting for more', async () => {
    const input = Readable.from(
      (async function* () {
        yield Buffer.from('a;b\n1;2\n');
        throw new Error('chunk 3 is missing');
      })(),
      { objectMode: false },
    );
    await expect(collect(input)).rejects.toThrow('chunk 3 is missing');
  });

  it('numbers records by the line they start on, across quoted newlines and empty lines', async () => {
    const rows = await collect(Readable.from([Buffer.from('\uFEFFa;b\n"x\ny";2\n\n3;4\n')], { objectMode: false }));
    expect(rows).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x\ny', '2'], line: 2 },
      { fields: ['3', '4'], line: 5 },
    ]);
  });

  it('finds bytes that are not UTF-8 even when a chunk ends inside a character', async () => {
    const euro = Buffer.from('€', 'utf8');
    const valid = [Buffer.concat([Buffer.from('a;b\n1;'), euro.subarray(0, 1)]), Buffer.concat([euro.subarray(1), Buffer.from('\n')])];
    expect(await collect(Readable.from(valid, { objectMode: false }), true)).toHaveLength(2);
    const cp1252 = [Buffer.from('a;b\n1;'), Buffer.from([0x80, 0x0a])];
    await expect(collect(Readable.from(cp1252, { objectMode: false }), true)).rejects.toBeInstanceOf(NotUtf8);
  });
});
