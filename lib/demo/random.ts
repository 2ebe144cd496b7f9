/**
 * Seeded pseudo-random numbers for the demo simulation. Each part of the simulation
 * draws from its own stream, derived from the seed and a label, so that a change in how
 * one part draws (say, refunds) leaves every other part's numbers unchanged.
 */

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32 step: spreads a 32-bit state into a well-mixed 32-bit output. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A stream of uniform numbers from the sfc32 generator, whose counter guarantees a period of at least 2^32. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Creates the stream for `label` under `seed`; equal (seed, label) pairs give equal streams. */
  constructor(seed: number, label: string) {
    const mixed = splitmix32((seed >>> 0) ^ fnv1a(label));
    this.a = splitmix32(mixed);
    this.b = splitmix32(this.a);
    this.c = splitmix32(this.b);
    this.d = 1;
    // Discard the first outputs, which still correlate with the seeding.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Returns a uniform number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Returns a uniform number in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Returns a uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Returns true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick needs a non-empty list.");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Returns an index drawn with probability proportional to weights[index]. */
  weightedIndex(weights: readonly number[], total?: number): number {
    const sum = total ?? weights.reduce((s, w) => s + w, 0);
    let point = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      point -= weights[i] as number;
      if (point < 0) return i;
    }
    return weights.length - 1;
  }

  /** Returns a standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Returns a log-normal multiplier with median 1 and the given log-scale sigma. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /**
   * Returns a Poisson draw with mean `lambda`: exact (Knuth) below 30, the rounded
   * normal approximation above, where its error is far below the simulation's noise.
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let product = this.next();
    while (product > limit) {
      k++;
      product *= this.next();
    }
    return k;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }
}
