import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HarmInputs, harmScore, levelOf } from '../../src/domain/harm.ts';
import { SIZE_CLASSES } from '../../src/domain/supplier.ts';

const inputs = fc.record<HarmInputs>({
  maxDaysOverdue: fc.integer({ min: 0, max: 400 }),
  withheldRevenueDays: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  overdueBaseMinor: fc.integer({ min: 0, max: 100_000_000 }),
  dependencyShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  sizeClass: fc.option(fc.constantFrom(...SIZE_CLASSES), { nil: null }),
  legalTermBreaches: fc.integer({ min: 0, max: 3 }),
});

const smaller = { large: 'medium', medium: 'small', small: 'micro', micro: 'micro' } as const;

describe('harm score', () => {
  it('stays within 0–100 with the level its thresholds give', () => {
    fc.assert(
      fc.property(inputs, (x) => {
        const h = harmScore(x);
        expect(h.score).toBeGreaterThanOrEqual(0);
        expect(h.score).toBeLessThanOrEqual(100);
        expect(h.level).toBe(levelOf(h.score));
      }),
    );
  });

  it('never drops with more days overdue', () => {
    fc.assert(
      fc.property(
        inputs,
        fc.integer({ min: 1, max: 200 }),
        (x, more) => harmScore({ ...x, maxDaysOverdue: x.maxDaysOverdue + more }).score >= harmScore(x).score,
      ),
    );
  });

  it('never drops with more overdue money (revenue known or not)', () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 1, max: 3, noNaN: true }), (x, extra, factor) => {
        const more = {
          ...x,
          overdueBaseMinor: x.overdueBaseMinor + extra,
          withheldRevenueDays: x.withheldRevenueDays === null ? null : x.withheldRevenueDays * factor + 0.01,
        };
        return harmScore(more).score >= harmScore(x).score;
      }),
    );
  });

  it('never drops with a higher dependency', () => {
    fc.assert(
      fc.property(
        inputs,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, add) => harmScore({ ...x, dependencyShare: Math.min(1, (x.dependencyShare ?? 0) + add) }).score >= harmScore(x).score,
      ),
    );
  });

  it('never drops for a smaller supplier', () => {
    fc.assert(
      fc.property(inputs, (x) => {
        if (!x.sizeClass) return true;
        return harmScore({ ...x, sizeClass: smaller[x.sizeClass] }).score >= harmScore(x).score;
      }),
    );
  });

  it('rates a micro, dependent supplier owed 120 days with a quarter of its revenue withheld as critical, and a paid-up one low', () => {
    // 0.35·1 + 0.30·1 + 0.20·0.8 + 0.15·1 = 0.96, size factor 1.
    expect(
      harmScore({
        maxDaysOverdue: 120,
        withheldRevenueDays: 90,
        overdueBaseMinor: 0,
        dependencyShare: 0.8,
        sizeClass: 'micro',
        legalTermBreaches: 1,
      }),
    ).toEqual({
      score: 96,
      level: 'critical',
    });
    expect(
      harmScore({
        maxDaysOverdue: 0,
        withheldRevenueDays: 0,
        overdueBaseMinor: 0,
        dependencyShare: 0.01,
        sizeClass: 'large',
        legalTermBreaches: 0,
      }).level,
    ).toBe('low');
  });
});
