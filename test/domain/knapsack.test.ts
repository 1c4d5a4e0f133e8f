/** Choosing invoices within a budget: checked against brute force on small cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Constraints,
  EXACT_LIMIT,
  firstFit,
  type Item,
  largestFirst,
  oldestDueFirst,
  select as selectItems,
  sequenced,
} from '../../src/domain/knapsack.ts';

const select = (items: Array<Omit<Item, 'seq'>>, c: Constraints) => selectItems(sequenced(items), c);

const item = (id: string, cost: number, value: number, group = id, due = '2025-01-01') => ({ id, cost, value, group, due });

/** Every subset: the best value that fits the budget and the caps. */
function bruteForce(items: Array<Omit<Item, 'seq'>>, c: Constraints): number {
  let best = 0;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    let cost = 0;
    let value = 0;
    const byGroup = new Map<string, number>();
    let ok = true;
    for (let i = 0; i < items.length && ok; i++) {
      if (!(mask & (1 << i))) continue;
      cost += items[i].cost;
      value += items[i].value;
      const g = (byGroup.get(items[i].group) ?? 0) + items[i].cost;
      byGroup.set(items[i].group, g);
      const cap = c.groupCap?.get(items[i].group);
      if (cost > c.budget || (cap !== undefined && g > cap)) ok = false;
    }
    if (ok && value > best) best = value;
  }
  return best;
}

describe('choosing within a budget', () => {
  it.each([
    [
      'the classic case where value per cost alone is wrong',
      [item('a', 10, 60), item('b', 20, 100), item('c', 30, 120)],
      50,
      220,
      ['b', 'c'],
    ],
    ['a budget of zero pays nothing', [item('a', 10, 60)], 0, 0, []],
    ['a budget above the total pays everything', [item('a', 10, 1), item('b', 20, 2)], 1_000, 3, ['a', 'b']],
    ['one large invoice beats many small ones', [item('a', 90, 100), item('b', 50, 60), item('c', 50, 60)], 90, 100, ['a']],
    ['equal value: the cheaper selection', [item('a', 10, 5), item('b', 20, 5)], 20, 5, ['a']],
    ['nothing fits', [item('a', 10, 5)], 9, 0, []],
  ])('%s', (_name, items, budget, value, ids) => {
    const s = select(items, { budget });
    expect(s.value).toBe(value);
    expect(s.items.map((i) => i.id).sort()).toEqual(ids);
    expect(s.cost).toBeLessThanOrEqual(budget);
  });

  it('breaks ties by the older due date, so the answer is reproducible', () => {
    const s = select([item('new', 10, 5, 'g1', '2025-03-01'), item('old', 10, 5, 'g2', '2025-01-01')], { budget: 10 });
    expect(s.items.map((i) => i.id)).toEqual(['old']);
  });

  it('keeps each supplier within its cap', () => {
    const items = [item('a1', 40, 50, 'A'), item('a2', 40, 50, 'A'), item('b1', 40, 30, 'B')];
    const s = select(items, { budget: 120, groupCap: new Map([['A', 50]]) });
    expect(s.items.map((i) => i.id).sort()).toEqual(['a1', 'b1']);
    expect(s.value).toBe(bruteForce(items, { budget: 120, groupCap: new Map([['A', 50]]) }));
  });

  it('the simple rules take what fits in their own order', () => {
    const items = [item('late', 60, 1, 'x', '2025-01-01'), item('big', 80, 1, 'y', '2025-02-01'), item('small', 30, 1, 'z', '2025-03-01')];
    expect(oldestDueFirst(sequenced(items), { budget: 100 }).items.map((i) => i.id)).toEqual(['late', 'small']);
    expect(largestFirst(sequenced(items), { budget: 100 }).items.map((i) => i.id)).toEqual(['big']);
    expect(firstFit(sequenced(items), { budget: 0 }, 'oldest-due-first').items).toEqual([]);
  });

  const arbItems = (max: number) =>
    fc.array(
      fc.record({
        cost: fc.integer({ min: 1, max: 1_000 }),
        value: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
        group: fc.constantFrom('A', 'B', 'C', 'D'),
        due: fc.constantFrom('2025-01-01', '2025-02-01', '2025-03-01'),
      }),
      { maxLength: max },
    );

  it('is exact on small cases: never over the budget or a cap, and as good as brute force', () => {
    fc.assert(
      fc.property(arbItems(12), fc.integer({ min: 0, max: 3_000 }), fc.option(fc.integer({ min: 0, max: 1_500 })), (raw, budget, cap) => {
        const items = raw.map((r, i) => ({ ...r, id: `i${i}` }));
        const c: Constraints = { budget, groupCap: cap === null ? undefined : new Map(['A', 'B', 'C', 'D'].map((g) => [g, cap])) };
        const s = select(items, c);
        expect(s.cost).toBeLessThanOrEqual(budget);
        for (const g of ['A', 'B', 'C', 'D'])
          if (cap !== null) expect(s.items.filter((i) => i.group === g).reduce((a, i) => a + i.cost, 0)).toBeLessThanOrEqual(cap);
        expect(s.value).toBeCloseTo(bruteForce(items, c), 6);
      }),
      { numRuns: 300 },
    );
  });

  it(`beyond ${EXACT_LIMIT} invoices: within the budget, never worse than either simple rule, at least half the optimum without caps`, () => {
    fc.assert(
      fc.property(arbItems(200), fc.integer({ min: 0, max: 50_000 }), (raw, budget) => {
        const items = sequenced(raw.map((r, i) => ({ ...r, id: `i${i}` })));
        const c = { budget };
        const s = select(items, c);
        expect(s.cost).toBeLessThanOrEqual(budget);
        expect(s.value).toBeGreaterThanOrEqual(oldestDueFirst(items, c).value - 1e-9);
        expect(s.value).toBeGreaterThanOrEqual(largestFirst(items, c).value - 1e-9);
        // The fractional optimum bounds the integer one from above.
        const sorted = [...items].filter((i) => i.cost <= budget).sort((a, b) => b.value / b.cost - a.value / a.cost);
        let room = budget;
        let fractional = 0;
        for (const i of sorted) {
          const take = Math.min(1, room / i.cost);
          fractional += take * i.value;
          room -= take * i.cost;
          if (room <= 0) break;
        }
        expect(s.value).toBeGreaterThanOrEqual(fractional / 2 - 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
