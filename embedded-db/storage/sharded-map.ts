/**
 * A map from string keys split over many small Maps. V8 grows a Map, and clears out its deleted
 * entries, by rehashing the whole table inside one set(): at a million entries that one set() took
 * 170-185 ms, and every write behind it waited (measured in bench/compaction.ts and a plain loop).
 * Split 256 ways, no set() rehashes more than a few thousand entries.
 *
 * Iteration goes shard by shard, not in insertion order; RecordTable keeps a collection's order.
 */
const SHARDS = 256;

/**
 * A cheap spread of a key over the shards: its length and last four characters, where ids, counters
 * and numbers differ (it runs several times per write, so it reads no more than that).
 */
function shardOf(k: string): number {
  const n = k.length;
  let h = n;
  for (let i = n > 4 ? n - 4 : 0; i < n; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x9e3779b1);
  return (h >>> 24) & (SHARDS - 1);
}

export class ShardedMap<V> {
  private readonly shards: Array<Map<string, V>> = Array.from({ length: SHARDS }, () => new Map());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(k: string): V | undefined {
    return this.shards[shardOf(k)].get(k);
  }

  has(k: string): boolean {
    return this.shards[shardOf(k)].has(k);
  }

  set(k: string, v: V): void {
    const shard = this.shards[shardOf(k)];
    const before = shard.size;
    shard.set(k, v);
    this.count += shard.size - before;
  }

  delete(k: string): boolean {
    const gone = this.shards[shardOf(k)].delete(k);
    if (gone) this.count--;
    return gone;
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }
}
