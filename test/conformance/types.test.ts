import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongo } from '../support/mongo.ts';

describe('BSON types the app stores', () => {
  const m = useMongo();

  it('returns every stored type exactly as sent, numeric types included', async () => {
    const c = m.db.collection('types');
    const id = new ObjectId();
    const doc = {
      _id: id,
      str: 'Ümlaut € 😀',
      int: new Int32(42),
      wholeDouble: new Double(3),
      frac: new Double(2.5),
      long: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('1234.56'),
      date: new Date('2025-03-30T01:30:00Z'),
      bool: false,
      nil: null,
      bin: new Binary(Buffer.from([1, 2, 3])),
      arr: [new Int32(1), 'two', { three: new Double(3) }],
      nested: { deep: { leaf: Long.fromNumber(7) } },
    };
    await c.insertOne(doc);
    const back = await c.findOne({ _id: id }, { promoteValues: false, promoteLongs: false });
    if (!back) throw new Error('document not found');
    expect(back.int).toBeInstanceOf(Int32);
    expect(back.wholeDouble).toBeInstanceOf(Double);
    expect(back.frac).toBeInstanceOf(Double);
    expect(back.long).toBeInstanceOf(Long);
    expect((back.long as Long).toString()).toBe('9007199254740993');
    expect((back.nested as { deep: { leaf: unknown } }).deep.leaf).toBeInstanceOf(Long);
    const plain = await c.findOne({ _id: id });
    if (!plain) throw new Error('document not found');
    expect(plain).toMatchObject({ str: doc.str, int: 42, wholeDouble: 3, frac: 2.5, bool: false, nil: null });
    expect((plain.dec as Decimal128).toString()).toBe('1234.56');
    expect(plain.date).toEqual(doc.date);
    expect(Buffer.from((plain.bin as Binary).buffer)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('matches $type by the stored numeric type', async () => {
    const c = m.db.collection('numtypes');
    await c.insertMany([{ v: new Int32(1) }, { v: new Double(1) }, { v: Long.fromNumber(1) }, { v: new Double(1.5) }]);
    expect(await c.countDocuments({ v: 1 })).toBe(3);
    expect(await c.countDocuments({ v: { $type: 'long' } })).toBe(1);
    expect(await c.countDocuments({ v: { $type: 'number' } })).toBe(4);
  });

  it('keeps a long a long after $inc, and a double a double after $set', async () => {
    const c = m.db.collection('keeptype');
    const { insertedId } = await c.insertOne({ l: Long.fromNumber(5), d: new Double(1.5) });
    await c.updateOne({ _id: insertedId }, { $inc: { l: 1 }, $set: { d: new Double(2) } });
    const back = await c.findOne({ _id: insertedId }, { promoteValues: false });
    if (!back) throw new Error('document not found');
    expect(back.l).toBeInstanceOf(Long);
    expect((back.l as Long).toNumber()).toBe(6);
    expect(back.d).toBeInstanceOf(Double);
    expect((back.d as Double).value).toBe(2);
  });

  it('compares numbers across types and dates by instant', async () => {
    const c = m.db.collection('cmp');
    await c.insertMany([
      { n: new Int32(5), d: new Date('2024-02-29') },
      { n: Long.fromNumber(6), d: new Date('2024-03-01') },
    ]);
    expect(await c.countDocuments({ n: { $gt: 5.5 } })).toBe(1);
    expect(await c.countDocuments({ d: { $gte: new Date('2024-02-29T00:00:00Z') } })).toBe(2);
    expect(await c.countDocuments({ n: Decimal128.fromString('5') })).toBe(1);
  });
});
