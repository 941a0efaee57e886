import { describe, expect, it } from "vitest";
import { generatePayloads } from "./corpus/index";
import { SANITIZER_REJECTION_REASONS } from "./reasons";
import { sanitizeOEmbed } from "./sanitize-oembed";
import { type SanitizedOEmbed, SanitizedOEmbedSchema } from "./sanitized-schema";
import { allElements, type HtmlNode, parseHtmlTree } from "./test-support/html-tree";

// Written out here rather than imported, so the check does not share the sanitizer's own tables.
const ALLOWED: Record<string, readonly string[]> = {
  blockquote: ["class", "cite", "data-video-id", "data-embed-from", "style"],
  section: [],
  p: [],
  a: ["href", "title", "target", "rel"],
};
const SEEDS = [1, 7, 2024, 31337, 99991];

function rewrap(payload: Record<string, unknown>, value: SanitizedOEmbed): Record<string, unknown> {
  return {
    ...payload,
    html: value.html,
    title: value.title,
    author_name: value.authorName,
    author_url: value.authorUrl,
    thumbnail_url: value.thumbnailUrl,
    provider_url: value.providerUrl,
  };
}

function assertOnlyAllowlisted(element: HtmlNode): void {
  const allowed = ALLOWED[element.name];
  expect(allowed, `element ${element.name}`).toBeDefined();
  for (const [name, value] of Object.entries(element.attributes)) {
    expect(allowed, `attribute ${name} on ${element.name}`).toContain(name);
    if (name === "href" || name === "cite") {
      const url = new URL(value);
      expect(url.protocol).toBe("https:");
      expect(url.host).toBe("www.tiktok.com");
      expect(url.username + url.password).toBe("");
      expect(url.href).toBe(value);
    }
    if (name === "style") expect(value).toMatch(/^(?:(?:max|min)-width: \d+(?:\.\d+)?px;)+$/);
    if (name === "target") expect(element.attributes.rel).toBe("noopener noreferrer");
  }
}

describe.each(SEEDS)("generated payloads (seed %i)", (seed) => {
  const generated = generatePayloads(seed, 250);

  it("produces both accepted and hostile payloads", () => {
    expect(generated.filter((entry) => !entry.hostile).length).toBeGreaterThan(100);
    expect(generated.filter((entry) => entry.hostile).length).toBeGreaterThan(30);
  });

  it("accepts every benign payload and rejects every planted attack with a listed reason", () => {
    for (const { payload, hostile } of generated) {
      const result = sanitizeOEmbed(payload);
      expect(result.ok, JSON.stringify(payload.html)).toBe(!hostile);
      if (!result.ok) expect(SANITIZER_REJECTION_REASONS).toContain(result.reason);
    }
  });

  it("re-sanitizing accepted output changes nothing", () => {
    for (const { payload } of generated) {
      const first = sanitizeOEmbed(payload);
      if (!first.ok) continue;
      const second = sanitizeOEmbed(rewrap(payload, first.value));
      expect(second).toEqual(first);
    }
  });

  it("accepted output holds only allowlisted elements, attributes and URLs, and passes the shared schema", () => {
    for (const { payload } of generated) {
      const result = sanitizeOEmbed(payload);
      if (!result.ok) continue;
      const tree = parseHtmlTree(result.value.html);
      expect(tree.declarations).toBe(0);
      for (const element of allElements(tree.root)) assertOnlyAllowlisted(element);
      expect(SanitizedOEmbedSchema.safeParse(result.value).success).toBe(true);
    }
  });
});
