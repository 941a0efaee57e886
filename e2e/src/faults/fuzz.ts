function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Values that are wrong for nearly any field: wrong types, extremes, hostile strings, nesting. */
function hostileValue(random: () => number, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => true,
    () => -1,
    () => 1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => "",
    () => "x".repeat(5_000),
    () => "😀\u0000\u202e<script>alert(1)</script>",
    () => "../../etc/passwd",
    () => "$where",
    () => ({ $gt: "" }),
    () => [1, "two", { three: 3 }],
    () => (depth < 3 ? { nested: hostileValue(random, depth + 1) } : {}),
    () => JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
    () => ({ constructor: { prototype: { polluted: true } } }),
  ];
  return pick(random, choices)();
}

/** A JSON body: the route's own field names (from the OpenAPI schema) with hostile values, plus stray keys. */
export function fuzzBody(random: () => number, fieldNames: readonly string[]): string {
  const shape = pick(random, ["object", "array", "scalar", "raw"] as const);
  if (shape === "array") return JSON.stringify([hostileValue(random), hostileValue(random)]);
  if (shape === "scalar") return JSON.stringify(hostileValue(random));
  if (shape === "raw") return pick(random, ["{", '{"a":', "not json", "\u0000", '{"__proto__":{"x":1}}']);
  const body: Record<string, unknown> = {};
  for (const name of fieldNames) body[name] = hostileValue(random);
  body[pick(random, ["__proto__", "constructor", "$set", "a.b", "extra"])] = hostileValue(random);
  return JSON.stringify(body);
}

/** A query string: the route's own parameter names with hostile values (arrays, unicode, huge, operators). */
export function fuzzQuery(random: () => number, paramNames: readonly string[]): string {
  const params = new URLSearchParams();
  const names = [...paramNames, pick(random, ["__proto__", "constructor[prototype][x]", "limit[$gt]", "x"])];
  for (const name of names) {
    const value = pick(random, [
      "-1",
      "abc",
      "1e309",
      "9".repeat(400),
      "😀".repeat(50),
      "'; DROP TABLE x; --",
      "[object Object]",
      "2026-13-45T99:99:99Z",
      "",
    ]);
    params.append(name, value);
    if (random() < 0.3) params.append(name, value);
  }
  return params.toString();
}

/** A path parameter value that no real id has. */
export function fuzzPathParam(random: () => number): string {
  return encodeURIComponent(pick(random, ["acc_", "acc_ZZZ", "-1", "..", "x".repeat(300), "😀", "acc_0", "%00"]));
}
