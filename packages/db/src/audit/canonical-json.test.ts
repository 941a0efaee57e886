import { describe, expect, it } from "vitest";
import { canonicalJson, chainHash, GENESIS_HASH } from "./canonical-json";

describe("canonicalJson", () => {
  it("matches the golden output: sorted keys at every depth, ISO dates, undefined left out", () => {
    const value = {
      zeta: 1,
      alpha: { b: [3, { y: true, x: null }], a: 'é"\n' },
      at: new Date("2026-01-02T03:04:05.006Z"),
      skipped: undefined,
      Upper: -0.5,
    };
    expect(canonicalJson(value)).toBe(
      '{"Upper":-0.5,"alpha":{"a":"é\\"\\n","b":[3,{"x":null,"y":true}]},"at":"2026-01-02T03:04:05.006Z","zeta":1}',
    );
  });

  it("does not depend on key insertion order", () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it("refuses values without one obvious JSON form", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ m: new Map() })).toThrow(TypeError);
  });
});

describe("chainHash", () => {
  it("matches the golden vector", () => {
    const entry = {
      _id: "aud_x",
      seq: 1,
      at: new Date("2026-01-01T00:00:00.000Z"),
      action: "consent.granted",
      prevHash: GENESIS_HASH,
    };
    // sha256("000…0" + '{"_id":"aud_x","action":"consent.granted","at":"2026-01-01T00:00:00.000Z","prevHash":"000…0","seq":1}')
    expect(chainHash(GENESIS_HASH, entry)).toBe("59467f3970858895a6aaa607a828a4297d1ac5e2514617f432ca474e525c64ee");
  });

  it("changes when any field or the previous hash changes", () => {
    const entry = { seq: 1, action: "a.b" };
    const base = chainHash(GENESIS_HASH, entry);
    expect(chainHash(GENESIS_HASH, { ...entry, action: "a.c" })).not.toBe(base);
    expect(chainHash("1".repeat(64), entry)).not.toBe(base);
  });
});
