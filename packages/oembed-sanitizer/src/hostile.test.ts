import { describe, expect, it } from "vitest";
import { HOSTILE_CORPUS, HOSTILE_HTML_CORPUS, HOSTILE_PAYLOAD_CORPUS, HOSTILE_URL_CORPUS } from "./corpus/index";
import { SANITIZER_REJECTION_REASONS } from "./reasons";
import { sanitizeOEmbed } from "./sanitize-oembed";

describe("the hostile corpus", () => {
  it("holds at least 100 distinct vectors", () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(HOSTILE_CORPUS.map((entry) => entry.name)).size).toBe(HOSTILE_CORPUS.length);
    expect(new Set(HOSTILE_CORPUS.map((entry) => JSON.stringify(entry.payload))).size).toBe(HOSTILE_CORPUS.length);
  });

  it("covers every rule the sanitizer must enforce", () => {
    const reasons = new Set(HOSTILE_CORPUS.map((entry) => entry.reason));
    for (const reason of [
      "script_tag",
      "style_tag",
      "event_handler",
      "dangerous_url_scheme",
      "untrusted_host",
    ] as const) {
      expect(reasons.has(reason)).toBe(true);
    }
  });

  it("names only reasons from the exported list", () => {
    for (const entry of HOSTILE_CORPUS) expect(SANITIZER_REJECTION_REASONS).toContain(entry.reason);
  });
});

describe.each([
  ["markup", HOSTILE_HTML_CORPUS],
  ["URLs", HOSTILE_URL_CORPUS],
  ["payloads and CSS", HOSTILE_PAYLOAD_CORPUS],
] as const)("sanitizeOEmbed rejects hostile %s", (_group, corpus) => {
  it.each(corpus.map((entry) => [entry.name, entry.reason, entry.payload] as const))(
    "%s → %s",
    (_name, reason, payload) => {
      expect(sanitizeOEmbed(payload)).toEqual({ ok: false, reason });
    },
  );
});
