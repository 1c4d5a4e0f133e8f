/**
 * Choosing which items to pay within a budget so that their value is as large as possible: a 0/1
 * knapsack (an invoice is never split), with optional caps per group (per supplier).
 *
 * - Up to EXACT_LIMIT items: branch and bound over the items in value-per-cost order, pruned by the
 *   fractional (LP) bound: the optimum, exactly.
 * - More items: the best of four feasible selections: by value per cost (skipping what no longer
 *   fits), the single most valuable item that fits, oldest due date first, largest amount first.
 *   Without group caps, the better of the first two is at least half the optimum (the classic bound:
 *   value-per-cost greedy up to the first item that does not fit, plus that item, is at least the
 *   fractional optimum). Taking the best of all four also makes the answer never worse than either
 *   simple rule.
 */
export interface Item {
  id: string;
  /** Minor units; positive. */
  cost: number;
  /** What paying it achieves (harm removed); non-negative. */
  value: number;
  group: string;
  /** For the simple rules and for ties: the older due date first. */
  due: string;
  /** The item's place in (due date, id) order, given by `sequenced`: sorting compares numbers only. */
  seq: number;
}

export interface Constraints {
  budget: number;
  /** At most this much per group (minor units); a missing group has no cap. */
  groupCap?: ReadonlyMap<string, number>;
}

export type Method = 'exact' | 'value-per-cost' | 'best-single' | 'oldest-due-first' | 'largest-first';

export interface Selection<T extends Item = Item> {
  items: T[];
  cost: number;
  value: number;
  method: Method;
}

export const EXACT_LIMIT = 24;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Numbers the items in (due date, id) order, the order of the oldest-first rule and of every tie,
 * and returns them in it. Sorting half a million invoices by strings in each of the five orderings
 * was most of a proposal's time; after this one string sort, the others compare numbers. The items
 * are numbered in place: copies made by spreading are objects V8 reads several times slower in a sort.
 */
export function sequenced<T extends Omit<Item, 'seq'> & { seq?: number }>(items: T[]): Array<T & { seq: number }> {
  const sorted = [...items].sort((a, b) => cmp(a.due, b.due) || cmp(a.id, b.id)) as Array<T & { seq: number }>;
  for (const [seq, it] of sorted.entries()) it.seq = seq;
  return sorted;
}

/** Ties go to the older due date, then to the id, so every answer is reproducible. */
export const byDueThenId = (a: Item, b: Item) => a.seq - b.seq;

/** Takes the items in the given order, each that still fits the budget and its group's cap. */
export function firstFit<T extends Item>(ordered: T[], c: Constraints, method: Method): Selection<T> {
  const spentByGroup = new Map<string, number>();
  const items: T[] = [];
  let cost = 0;
  let value = 0;
  for (const it of ordered) {
    if (cost + it.cost > c.budget) continue;
    const cap = c.groupCap?.get(it.group);
    const spent = spentByGroup.get(it.group) ?? 0;
    if (cap !== undefined && spent + it.cost > cap) continue;
    spentByGroup.set(it.group, spent + it.cost);
    items.push(it);
    cost += it.cost;
    value += it.value;
  }
  return { items, cost, value, method };
}

export const oldestDueFirst = <T extends Item>(items: T[], c: Constraints) => firstFit([...items].sort(byDueThenId), c, 'oldest-due-first');

/**
 * A set of items sorted once in the orders a selection needs, so that selections over many subsets of
 * it (a payment run's proposals: each budget, cap and must-pay list) only filter them: sorting half a
 * million invoices twice per selection was most of a proposal's time.
 */
export interface Orders<T extends Item> {
  byCost: T[];
  byValuePerCost: T[];
}

/** `items`: as `sequenced` returns them, so that their `seq` numbers them 0…n−1. */
export function ordersOf<T extends Item>(items: T[]): Orders<T> {
  return { byCost: descending(items, (it) => it.cost), byValuePerCost: descending(items, (it) => it.value / it.cost) };
}

/**
 * `order`'s items that are among `items`, in `order`'s order: the order sorting `items` would give.
 * Membership is marked by `seq`, which numbers the whole set (a Set of half a million objects was
 * slower than the sort it replaces).
 */
function within<T extends Item>(order: T[], items: T[]): T[] {
  const among = new Uint8Array(order.length);
  for (const it of items) among[it.seq] = 1;
  return order.filter((it) => among[it.seq] === 1);
}

/** `orders`: a sorting of a superset of `items`, made once (see Orders). */
export const largestFirst = <T extends Item>(items: T[], c: Constraints, orders?: Orders<T>) =>
  firstFit(orders ? within(orders.byCost, items) : descending(items, (it) => it.cost), c, 'largest-first');

/**
 * The items by a score, highest first, ties in (due date, id) order. Each score is computed once
 * and the sort moves indices over typed arrays: sorting the objects themselves by a field took
 * seconds at half a million.
 */
function descending<T extends Item>(items: T[], score: (it: T) => number): T[] {
  const scores = new Float64Array(items.length);
  const seqs = new Float64Array(items.length);
  const order = Array.from(items, (it, i) => {
    scores[i] = score(it);
    seqs[i] = it.seq;
    return i;
  });
  order.sort((a, b) => scores[b] - scores[a] || seqs[a] - seqs[b]);
  return order.map((i) => items[i]);
}

const byValuePerCost = <T extends Item>(items: T[]): T[] => descending(items, (it) => it.value / it.cost);

function bestSingle<T extends Item>(items: T[], c: Constraints): Selection<T> {
  let best: T | null = null;
  for (const it of items) {
    const cap = c.groupCap?.get(it.group);
    if (it.cost > c.budget || (cap !== undefined && it.cost > cap)) continue;
    if (!best || it.value > best.value || (it.value === best.value && byDueThenId(it, best) < 0)) best = it;
  }
  return best
    ? { items: [best], cost: best.cost, value: best.value, method: 'best-single' }
    : { items: [], cost: 0, value: 0, method: 'best-single' };
}

/** Branch and bound: the best subset of a small number of items. */
function exact<T extends Item>(items: T[], c: Constraints): Selection<T> {
  const sorted = byValuePerCost(items);
  const n = sorted.length;
  let best = firstFit(sorted, c, 'exact');
  const chosen: boolean[] = new Array(n).fill(false);
  const spentByGroup = new Map<string, number>();

  // The fractional bound: fill the remaining budget greedily, the last item in part (caps ignored,
  // which only loosens the bound).
  const bound = (k: number, room: number, value: number) => {
    let v = value;
    for (let i = k; i < n && room > 0; i++) {
      const it = sorted[i];
      if (it.cost <= room) {
        room -= it.cost;
        v += it.value;
      } else {
        v += (it.value * room) / it.cost;
        room = 0;
      }
    }
    return v;
  };

  const visit = (k: number, cost: number, value: number) => {
    if (value > best.value) best = { items: sorted.filter((_, i) => chosen[i] && i < k), cost, value, method: 'exact' };
    if (k === n || bound(k, c.budget - cost, value) <= best.value) return;
    const it = sorted[k];
    const cap = c.groupCap?.get(it.group);
    const spent = spentByGroup.get(it.group) ?? 0;
    if (cost + it.cost <= c.budget && (cap === undefined || spent + it.cost <= cap)) {
      chosen[k] = true;
      spentByGroup.set(it.group, spent + it.cost);
      visit(k + 1, cost + it.cost, value + it.value);
      spentByGroup.set(it.group, spent);
      chosen[k] = false;
    }
    visit(k + 1, cost, value);
  };
  visit(0, 0, 0);
  return { ...best, method: 'exact' };
}

/** The best selection this module can prove or find (see the module comment); `orders` as for largestFirst. */
export function select<T extends Item>(items: T[], c: Constraints, orders?: Orders<T>): Selection<T> {
  const candidates = items.filter((it) => it.cost > 0 && it.cost <= c.budget);
  if (candidates.length <= EXACT_LIMIT) return exact(candidates, c);
  const options = [
    firstFit(orders ? within(orders.byValuePerCost, candidates) : byValuePerCost(candidates), c, 'value-per-cost'),
    bestSingle(candidates, c),
    oldestDueFirst(candidates, c),
    largestFirst(candidates, c, orders),
  ];
  // The most value; for equal value the cheaper selection (the budget left can pay more later).
  return options.reduce((a, b) => (b.value > a.value || (b.value === a.value && b.cost < a.cost) ? b : a));
}
