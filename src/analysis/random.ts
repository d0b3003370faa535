/**
 * A small seeded PRNG for the simulator: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, from PractRand; passes its tests to terabytes), seeded through splitmix32 so
 * nearby seeds give unrelated streams. Deterministic across platforms: 32-bit integer math only.
 */
export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Geometric count of failures before a success, success probability p (mean (1−p)/p). */
  geometric(p: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weights (need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** n random hex digits. */
  hex(n: number): string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs, as the sfc32 reference does, to mix the seed in.
  for (let i = 0; i < 12; i++) u32();
  const next = () => u32() / 4294967296;
  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    exponential: (mean) => -mean * Math.log(1 - next()),
    // log1p: for a tiny p, Math.log(1 - p) is exactly 0 in doubles (and the count −Infinity).
    geometric: (p) => (p >= 1 ? 0 : p <= 0 ? Infinity : Math.floor(Math.log1p(-next()) / Math.log1p(-p))),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items) {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [item, w] of items) {
        x -= w;
        if (x < 0) return item;
      }
      return items[items.length - 1][0];
    },
    hex(n) {
      let out = '';
      while (out.length < n) {
        const x = u32();
        out += HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
      }
      return out.length === n ? out : out.slice(0, n);
    },
  };
  return random;
}
