import { createHash } from "node:crypto";

/**
 * A small deterministic PRNG (mulberry32) returning numbers in [0, 1): the same seed gives the same sequence, so
 * seeded data, generated corpora and fuzz cases can be replayed. Not for anything security-related.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** {@link createRandom} seeded from a string, with the helpers seeding needs. */
export function createRng(seed: string): Rng {
  const next = createRandom(createHash("sha256").update(seed).digest().readUInt32LE(0));
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as never,
    uint32: () => Math.floor(next() * 4_294_967_296),
  };
}

export interface Rng {
  /** [0, 1) */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  uint32(): number;
}

/** A stable UUID-shaped id from a name (TikTok open_ids/union_ids look like this and contain dashes). */
export function stableUuid(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A stable hex digest, for CDN-looking paths. */
export function stableHex(name: string, length = 32): string {
  return createHash("sha256").update(name).digest("hex").slice(0, length);
}

/** A TikTok-style 19-digit id: the unix time in the high 32 bits, like TikTok's item ids. */
export function timeBasedId(unixSec: number, low32: number): string {
  return ((BigInt(unixSec) << 32n) | BigInt(low32 >>> 0)).toString();
}
