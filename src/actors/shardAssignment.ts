/**
 * Which shard of a manager holds each child. XState copies a parent's whole children record for
 * every child it spawns or stops, so one parent of 10,000 children takes minutes to start and to
 * stop; a manager therefore spreads its children over shards of at most `size`. A child stays in
 * its shard for its whole life (moving it would restart it); a new one takes the first shard with
 * room, or a new shard at the end.
 */
export interface ShardAssignment<T> {
  /** Shard of every desired key. */
  shardOf: Map<string, number>;
  /** The desired entries of each shard, in the order of `desired`; at least `shardCount` of them, some maybe empty. */
  slices: Array<Map<string, T>>;
}

export function assignShards<T>(
  previous: ReadonlyMap<string, number>,
  shardCount: number,
  desired: ReadonlyMap<string, T>,
  size: number,
): ShardAssignment<T> {
  const shardOf = new Map<string, number>();
  const used: number[] = Array.from({ length: shardCount }, () => 0);
  for (const key of desired.keys()) {
    const shard = previous.get(key);
    if (shard === undefined || shard >= shardCount) continue;
    shardOf.set(key, shard);
    used[shard]!++;
  }
  let free = 0;
  for (const key of desired.keys()) {
    if (shardOf.has(key)) continue;
    while (free < used.length && used[free]! >= size) free++;
    if (free === used.length) used.push(0);
    shardOf.set(key, free);
    used[free]!++;
  }
  const slices = used.map(() => new Map<string, T>());
  for (const [key, value] of desired) slices[shardOf.get(key)!]!.set(key, value);
  return { shardOf, slices };
}
