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

export interface Selection {
  items: Item[];
  cost: number;
  value: number;
  method: Method;
}

export const EXACT_LIMIT = 24;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Numbers the items in (due date, id) order, the order of the oldest-first rule and of every tie.
 * Sorting half a million invoices by strings in each of the five orderings was most of a proposal's
 * time; after this one string sort, the others compare numbers.
 */
export function sequenced<T extends Omit<Item, 'seq'>>(items: T[]): Array<T & { seq: number }> {
  return [...items].sort((a, b) => cmp(a.due, b.due) || cmp(a.id, b.id)).map((it, seq) => ({ ...it, seq }));
}

/** Ties go to the older due date, then to the id, so every answer is reproducible. */
export const byDueThenId = (a: Item, b: Item) => a.seq - b.seq;

/** Takes the items in the given order, each that still fits the budget and its group's cap. */
export function firstFit(ordered: Item[], c: Constraints, method: Method): Selection {
  const spentByGroup = new Map<string, number>();
  const items: Item[] = [];
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

export const oldestDueFirst = (items: Item[], c: Constraints) => firstFit([...items].sort(byDueThenId), c, 'oldest-due-first');

export const largestFirst = (items: Item[], c: Constraints) =>
  firstFit(
    [...items].sort((a, b) => b.cost - a.cost || byDueThenId(a, b)),
    c,
    'largest-first',
  );

/** The items in value-per-cost order, each ratio computed once rather than in every comparison. */
function byValuePerCost(items: Item[]): Item[] {
  const ratio = new Float64Array(items.length);
  const order = Array.from(items, (it, i) => {
    ratio[i] = it.value / it.cost;
    return i;
  });
  order.sort((a, b) => ratio[b] - ratio[a] || items[a].seq - items[b].seq);
  return order.map((i) => items[i]);
}

function bestSingle(items: Item[], c: Constraints): Selection {
  let best: Item | null = null;
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
function exact(items: Item[], c: Constraints): Selection {
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

/** The best selection this module can prove or find (see the module comment). */
export function select(items: Item[], c: Constraints): Selection {
  const candidates = items.filter((it) => it.cost > 0 && it.cost <= c.budget);
  if (candidates.length <= EXACT_LIMIT) return exact(candidates, c);
  const options = [
    firstFit(byValuePerCost(candidates), c, 'value-per-cost'),
    bestSingle(candidates, c),
    oldestDueFirst(candidates, c),
    largestFirst(candidates, c),
  ];
  // The most value; for equal value the cheaper selection (the budget left can pay more later).
  return options.reduce((a, b) => (b.value > a.value || (b.value === a.value && b.cost < a.cost) ? b : a));
}
