/**
 * A small seeded PRNG (mulberry32) so demo data is the same on every machine. Re-seedable: the bulk seed
 * draws from a million seeds, one per row, without allocating a generator (and its closures) for each.
 */
export class SeededRandom {
  private a = 0;

  constructor(seed = 0) {
    this.reseed(seed);
  }

  reseed(seed: number): this {
    this.a = seed >>> 0;
    return this;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function rng(seed: number) {
  const g = new SeededRandom(seed);
  return {
    next: () => g.next(),
    int: (min: number, max: number) => g.int(min, max),
    pick: <T>(items: readonly T[]): T => g.pick(items),
    chance: (p: number) => g.chance(p),
  };
}
export type Rng = ReturnType<typeof rng>;
