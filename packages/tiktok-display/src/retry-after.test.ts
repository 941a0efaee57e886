import { describe, expect, it } from "vitest";
import { parseRetryAfterMs } from "./retry-after";

const now = new Date("2026-01-02T03:04:05.000Z");
const nowSec = now.getTime() / 1000;

describe("parseRetryAfterMs", () => {
  it.each([
    ["Retry-After in seconds", { "retry-after": "30" }, 30_000],
    ["Retry-After as an HTTP date", { "retry-after": new Date(now.getTime() + 12_000).toUTCString() }, 12_000],
    ["Retry-After as a past date", { "retry-after": new Date(now.getTime() - 5_000).toUTCString() }, 0],
    ["x-ratelimit-reset in epoch seconds", { "x-ratelimit-reset": String(nowSec + 45) }, 45_000],
    ["x-ratelimit-reset in epoch milliseconds", { "x-ratelimit-reset": String(now.getTime() + 1_500) }, 1_500],
    ["x-ratelimit-reset as seconds to wait", { "x-ratelimit-reset": "7" }, 7_000],
    ["x-ratelimit-reset in the past", { "x-ratelimit-reset": String(nowSec - 10) }, 0],
    ["Retry-After over x-ratelimit-reset", { "retry-after": "2", "x-ratelimit-reset": String(nowSec + 60) }, 2_000],
    ["garbage Retry-After falling back", { "retry-after": "soon", "x-ratelimit-reset": "3" }, 3_000],
  ])("reads %s", (_label, headers, expected) => {
    expect(parseRetryAfterMs(new Headers(headers), now)).toBe(expected);
  });

  it.each([
    ["no headers", {}],
    ["garbage", { "retry-after": "soon", "x-ratelimit-reset": "later" }],
    ["an empty value", { "retry-after": " " }],
  ])("returns undefined for %s", (_label, headers) => {
    expect(parseRetryAfterMs(new Headers(headers), now)).toBeUndefined();
  });
});
