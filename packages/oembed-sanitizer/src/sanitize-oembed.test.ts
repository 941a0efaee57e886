import { describe, expect, it } from "vitest";
import { BASE_PARTS, buildPayload, GENUINE_CORPUS } from "./corpus/index";
import { createSanitizerPolicy } from "./policy";
import { sanitizeOEmbed } from "./sanitize-oembed";
import { SanitizedOEmbedSchema } from "./sanitized-schema";
import { allElements, collapse, parseHtmlTree, textContent } from "./test-support/html-tree";

function accept(payload: unknown) {
  const result = sanitizeOEmbed(payload);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.value;
}

describe("sanitizeOEmbed on genuine TikTok embeds", () => {
  it("has a corpus of several genuine layouts", () => {
    expect(GENUINE_CORPUS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(GENUINE_CORPUS.map((entry) => [entry.name, entry] as const))("accepts %s", (_name, entry) => {
    const value = accept(entry.payload);
    const { expected } = entry;
    expect(value.title).toBe(expected.title);
    expect(value.authorName).toBe(expected.authorName);
    expect(value.authorUrl).toBe(expected.authorUrl);
    expect(value.thumbnailUrl).toBe(expected.thumbnailUrl);
    expect(value.videoId).toBe((entry.payload as { embed_product_id: string }).embed_product_id);

    const tree = parseHtmlTree(value.html);
    expect(tree.declarations).toBe(0);
    const [blockquote, ...rest] = tree.root.children.filter((child) => typeof child !== "string");
    expect(rest).toEqual([]);
    expect(blockquote).toMatchObject({ name: "blockquote" });
    expect(typeof blockquote === "object" && blockquote.attributes).toEqual(expected.blockquote);

    const elements = allElements(tree.root);
    expect(elements.some((element) => element.name === "script")).toBe(false);
    const links = elements.filter((element) => element.name === "a");
    expect(
      links.map((element) => ({
        href: element.attributes.href,
        title: element.attributes.title,
        text: textContent(element),
        ...(element.attributes.target === undefined ? {} : { target: element.attributes.target }),
      })),
    ).toEqual(expected.links);
    for (const element of links) {
      expect(element.attributes.rel).toBe(element.attributes.target === "_blank" ? "noopener noreferrer" : undefined);
    }
    const paragraph = elements.find((element) => element.name === "p");
    expect(collapse(paragraph === undefined ? "" : textContent(paragraph))).toBe(collapse(expected.caption));
  });

  it.each(GENUINE_CORPUS.map((entry) => [entry.name, entry] as const))(
    "output passes the shared schema: %s",
    (_n, entry) => {
      expect(SanitizedOEmbedSchema.safeParse(accept(entry.payload)).success).toBe(true);
    },
  );

  it("drops TikTok's embed.js tag from the stored markup", () => {
    const payload = buildPayload(BASE_PARTS);
    expect(String(payload.html)).toContain("embed.js");
    expect(accept(payload).html).not.toContain("script");
  });

  it("strips payload members it does not know", () => {
    const value = accept(buildPayload(BASE_PARTS, { raw_oauth: "secret-ish", author_followers: 10 }));
    expect(Object.keys(value).sort()).toEqual(
      [
        "authorName",
        "authorUniqueId",
        "authorUrl",
        "embedType",
        "height",
        "html",
        "providerName",
        "providerUrl",
        "thumbnailHeight",
        "thumbnailUrl",
        "thumbnailWidth",
        "title",
        "type",
        "version",
        "videoId",
        "width",
      ].sort(),
    );
  });

  it("turns markup in the title and author name into plain text", () => {
    const value = accept(
      buildPayload(BASE_PARTS, {
        title: "<b>Bold</b> move &amp; <script>x()</script>",
        author_name: "<i>Ann</i>\u202e",
      }),
    );
    expect(value.title).toBe("Bold move &");
    expect(value.authorName).toBe("Ann");
  });

  it("uses the policy passed in options", () => {
    const policy = createSanitizerPolicy({ mediaHostSuffixes: ["cdn.example"] });
    const payload = buildPayload(BASE_PARTS, { thumbnail_url: "https://img.cdn.example/a.jpg" });
    expect(sanitizeOEmbed(payload, { policy })).toMatchObject({
      ok: true,
      value: { thumbnailUrl: "https://img.cdn.example/a.jpg" },
    });
    expect(sanitizeOEmbed(payload)).toEqual({ ok: false, reason: "untrusted_host" });
  });

  it("rejects an embed host the policy does not list", () => {
    const policy = createSanitizerPolicy({ embedHosts: ["embed.example"] });
    expect(sanitizeOEmbed(buildPayload(BASE_PARTS), { policy })).toEqual({ ok: false, reason: "untrusted_host" });
  });

  it("returns only the reason on rejection, never partial output", () => {
    const result = sanitizeOEmbed(buildPayload({ ...BASE_PARTS, caption: "<img src=x onerror=alert(1)>" }));
    expect(result).toEqual({ ok: false, reason: "event_handler" });
  });
});
