import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignShards } from '../../src/actors/shardAssignment.js';

const entries = (keys: string[]) => new Map(keys.map((k) => [k, `input of ${k}`]));

describe('shard assignment', () => {
  it('fills shards in order, each up to its size', () => {
    const { shardOf, slices } = assignShards(new Map(), 0, entries(['a', 'b', 'c', 'd', 'e']), 2);
    expect(slices.map((s) => [...s.keys()])).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(shardOf.get('e')).toBe(2);
    expect(slices[0]!.get('a')).toBe('input of a');
  });

  it('keeps every child in its shard, puts new ones where there is room, and tells emptied shards', () => {
    const first = assignShards(new Map(), 0, entries(['a', 'b', 'c', 'd']), 2);
    const second = assignShards(first.shardOf, first.slices.length, entries(['d', 'x', 'b', 'y', 'z']), 2);
    expect(second.shardOf.get('b')).toBe(0);
    expect(second.shardOf.get('d')).toBe(1);
    expect(second.slices.map((s) => [...s.keys()])).toEqual([['x', 'b'], ['d', 'y'], ['z']]);
    const third = assignShards(second.shardOf, second.slices.length, entries(['z']), 2);
    expect(third.slices.map((s) => [...s.keys()])).toEqual([[], [], ['z']]);
  });

  it('whatever the sequence of configurations: no child moves, no shard overflows, every key is in exactly its shard', () => {
    const config = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 25 }).map((ns) => ns.map((n) => `k${n}`));
    fc.assert(
      fc.property(fc.array(config, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (configs, size) => {
        let shardOf = new Map<string, number>();
        let shards = 0;
        for (const keys of configs) {
          const next = assignShards(shardOf, shards, entries(keys), size);
          for (const key of keys) if (shardOf.has(key)) expect(next.shardOf.get(key)).toBe(shardOf.get(key));
          expect(next.slices.length).toBeGreaterThanOrEqual(shards);
          for (const slice of next.slices) expect(slice.size).toBeLessThanOrEqual(size);
          expect(next.slices.flatMap((s) => [...s.keys()]).sort()).toEqual([...keys].sort());
          for (const key of keys) expect(next.slices[next.shardOf.get(key)!]!.has(key)).toBe(true);
          shardOf = next.shardOf;
          shards = next.slices.length;
        }
      }),
    );
  });
});
