import { describe, expect, it } from "vitest";
import { BASE_PARTS, buildPayload } from "./corpus/index";
import { createSanitizerPolicy } from "./policy";
import { sanitizeOEmbed } from "./sanitize-oembed";
import { createSanitizedOEmbedSchema, type SanitizedOEmbed, SanitizedOEmbedSchema } from "./sanitized-schema";

function sanitized(): SanitizedOEmbed {
  const result = sanitizeOEmbed(buildPayload(BASE_PARTS));
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe("SanitizedOEmbedSchema", () => {
  it("accepts sanitizer output", () => {
    expect(SanitizedOEmbedSchema.parse(sanitized())).toEqual(sanitized());
  });

  it.each([
    ["raw html with embed.js", { html: String(buildPayload(BASE_PARTS).html) }, "html"],
    ["html with a handler", { html: sanitized().html.replace("<section>", '<section onclick="x()">') }, "html"],
    ["html of another video", { videoId: "7000000000000000000" }, "html"],
    ["markup in the title", { title: "<b>x</b>" }, "title"],
    ["untrimmed author name", { authorName: " x " }, "authorName"],
    ["foreign thumbnail", { thumbnailUrl: "https://evil.example/a.jpeg" }, "thumbnailUrl"],
    ["non-canonical author URL", { authorUrl: "HTTPS://www.tiktok.com/@corpus.creator" }, "authorUrl"],
    ["provider URL with a slash", { providerUrl: "https://www.tiktok.com/" }, "providerUrl"],
  ])("refuses %s", (_name, change, path) => {
    const result = SanitizedOEmbedSchema.safeParse({ ...sanitized(), ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });

  it("checks against the policy it was built for", () => {
    const policy = createSanitizerPolicy({ mediaHostSuffixes: ["cdn.example"] });
    const value = { ...sanitized(), thumbnailUrl: "https://img.cdn.example/a.jpeg" };
    expect(createSanitizedOEmbedSchema(policy).safeParse(value).success).toBe(true);
    expect(SanitizedOEmbedSchema.safeParse(value).success).toBe(false);
  });
});
