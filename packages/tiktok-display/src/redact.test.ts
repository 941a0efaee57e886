import { describe, expect, it } from "vitest";
import { redactText } from "./redact";

describe("redactText", () => {
  it("removes known secrets and token-shaped strings", () => {
    expect(redactText("bad secret cs_123456 and act.abc-DEF_1.2~x then rft.zzz", ["cs_123456"])).toBe(
      "bad secret [redacted] and [redacted] then [redacted]",
    );
  });

  it("caps the length", () => {
    expect(redactText("x".repeat(1000), [])).toHaveLength(301);
  });

  it("ignores very short secrets that would shred ordinary text", () => {
    expect(redactText("a b c", ["a"])).toBe("a b c");
  });
});
