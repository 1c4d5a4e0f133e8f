import { Decimal128, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { intern, internStrings } from '../../embedded-db/storage/intern.ts';

describe('shared strings of stored documents', () => {
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
      lines: [{ sku: 'A-1', tags: ['red', 'red', ['deep']] }, 'loose', 7, null],
      nested: { deeper: { status: 'paid', empty: '' } },
    });
    const doc = make();
    internStrings(doc);
    expect(doc).toEqual(make());
    expect(doc._id).toBe(id);
    expect(doc.when).toBe(when);
  });

  it('answers each string with an equal one, also after many one-off strings pushed the first out of both generations', () => {
    expect(intern('approved')).toBe('approved');
    for (let i = 0; i < 200_000; i++) expect(intern(`F-${i}`)).toBe(`F-${i}`);
    expect(intern('approved')).toBe('approved');
  });
});
