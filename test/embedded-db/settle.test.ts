import { Binary, BSON, Decimal128, Long, ObjectId, UUID } from 'bson';
import { describe, expect, it } from 'vitest';
import { intern } from '../../embedded-db/storage/intern.ts';
import { settle } from '../../embedded-db/storage/settle.ts';

describe('settling a document for storage', () => {
  it('leaves every value as it was: strings at any depth, and everything that is not a string', () => {
    const id = new ObjectId();
    const when = new Date('2026-11-25T12:00:00Z');
    const make = () => ({
      _id: id,
      currency: 'EUR',
      long: 'x'.repeat(40),
      amount: Decimal128.fromString('12.34'),
      count: Long.fromNumber(3),
      when,
      file: new Binary(Buffer.from('x'.repeat(1000)), 0),
      uuid: new UUID('0f8fad5b-d9cb-469f-a165-70867728950e'),
      lines: [{ sku: 'A-1', tags: ['red', 'red', ['deep']] }, 'loose', 7, null],
      nested: { deeper: { status: 'paid', empty: '' } },
    });
    const doc = make();
    settle(doc);
    expect(doc).toEqual(make());
    expect(doc._id).toBe(id);
    expect(doc.when).toBe(when);
    expect(BSON.serialize(doc)).toEqual(BSON.serialize(make()));
  });

  it('moves the bytes of ids, decimals and binaries out of the buffer they were decoded from', () => {
    const message = BSON.serialize({
      _id: new ObjectId(),
      amount: Decimal128.fromString('99.95'),
      small: new Binary(Buffer.from([1, 2, 3]), 0),
      big: new Binary(Buffer.alloc(5000, 7), 0),
      lines: [{ ref: new ObjectId() }],
    });
    const doc = BSON.deserialize(message, { promoteValues: false });
    const before = BSON.serialize(doc);
    const holders = () => [doc._id.id, doc.amount.bytes, doc.small.buffer, doc.big.buffer, doc.lines[0].ref.id] as Uint8Array[];
    // Decoded, a Binary is a view into the message itself, and the others sit in Node's shared pool.
    expect(doc.small.buffer.buffer).toBe(message.buffer);
    const pools = new Set(holders().map((b) => b.buffer));

    settle(doc);

    for (const b of holders()) {
      expect(b.buffer).not.toBe(message.buffer);
      expect(pools.has(b.buffer)).toBe(false);
    }
    // The large Binary has an allocation of exactly its size; the small values share slabs of their own.
    expect(doc.big.buffer.buffer.byteLength).toBe(5000);
    expect(doc._id.id.buffer).toBe(doc.lines[0].ref.id.buffer);
    expect(BSON.serialize(doc)).toEqual(before);
  });

  it('answers each string with an equal one, also after many one-off strings pushed the first out of both generations', () => {
    expect(intern('approved')).toBe('approved');
    for (let i = 0; i < 200_000; i++) expect(intern(`F-${i}`)).toBe(`F-${i}`);
    expect(intern('approved')).toBe('approved');
  });
});
