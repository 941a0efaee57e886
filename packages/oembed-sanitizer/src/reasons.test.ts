import { describe, expect, it } from "vitest";
import { OEMBED_FIELDS, SANITIZER_REJECTION_REASONS } from "./reasons";

describe("SANITIZER_REJECTION_REASONS", () => {
  it("is a closed list of unique labels with one payload reason per field", () => {
    expect(new Set(SANITIZER_REJECTION_REASONS).size).toBe(SANITIZER_REJECTION_REASONS.length);
    for (const field of OEMBED_FIELDS) expect(SANITIZER_REJECTION_REASONS).toContain(`invalid_payload:${field}`);
  });
});
