import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { generateRequestId } from "./request-id";

const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as IncomingMessage;

describe("generateRequestId", () => {
  it("mints distinct 96-bit ids, also across refills of the random pool", () => {
    const ids = Array.from({ length: 1_000 }, () => generateRequestId(request()));
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps a well-formed inbound id and replaces a malformed one", () => {
    expect(generateRequestId(request({ "x-request-id": "abc-123_DEF.9" }))).toBe("abc-123_DEF.9");
    expect(generateRequestId(request({ "x-request-id": "bad id\nInjected" }))).toMatch(/^req_/);
  });
});
