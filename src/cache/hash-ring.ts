// Consistent hashing for client-side sharding over several Redis nodes (SPEC §2.3: several
// `address` entries on `type: redis`). Each node owns many points on a 32-bit ring, so adding or
// removing a node moves only about 1/n of the keys.

interface Point<T> {
  readonly hash: number;
  readonly value: T;
}

export class HashRing<T> {
  private readonly points: Point<T>[];

  /** `id` must be stable across processes (the address), so all instances agree on placement. */
  constructor(nodes: readonly { id: string; value: T }[], pointsPerNode = 160) {
    if (nodes.length === 0) throw new Error('a hash ring needs at least one node');

    this.points = nodes
      .flatMap((node) =>
        Array.from({ length: pointsPerNode }, (_, i) => ({
          hash: Bun.hash.murmur32v3(`${node.id}#${i}`),
          value: node.value,
        })))
      .sort((a, b) => a.hash - b.hash);
  }

  /** The node owning `key`: the first point at or after the key's hash, wrapping around. */
  pick(key: string): T {
    const hash = Bun.hash.murmur32v3(key);
    let low = 0;
    let high = this.points.length;

    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.points[mid]!.hash < hash) low = mid + 1;
      else high = mid;
    }

    return this.points[low === this.points.length ? 0 : low]!.value;
  }
}
