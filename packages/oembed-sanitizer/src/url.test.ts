import { describe, expect, it } from "vitest";
import { createSanitizerPolicy } from "./policy";
import { checkHttpsUrl, exactHostMatcher, hasDangerousScheme, sanitizeMediaUrl, sanitizeShareUrl } from "./url";

describe("sanitizeMediaUrl", () => {
  it.each([
    "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/abc~c5_100x100.jpeg?x-expires=1&x-signature=a%2Bb",
    "https://p19-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/abc.webp",
    "https://p16-sign.tiktokcdn-eu.com/obj/abc.jpeg",
    "https://p16.muscdn.com/obj/musically-maliva-obj/1639238998405126",
  ])("keeps %s", (url) => {
    expect(sanitizeMediaUrl(url)).toBe(url);
  });

  it.each([
    ["http", "http://p16-sign.tiktokcdn.com/a.jpeg"],
    ["bare suffix domain", "https://tiktokcdn.com/a.jpeg"],
    ["suffix without a dot boundary", "https://eviltiktokcdn.com/a.jpeg"],
    ["lookalike parent", "https://p16.tiktokcdn.com.evil.example/a.jpeg"],
    ["userinfo", "https://p16.tiktokcdn.com@evil.example/a.jpeg"],
    ["javascript", "javascript:alert(1)"],
    ["data", "data:image/png;base64,AAAA"],
    ["protocol-relative", "//p16.tiktokcdn.com/a.jpeg"],
    ["port", "https://p16.tiktokcdn.com:444/a.jpeg"],
    ["unicode host", "https://p16.tiktokcdn\u3002com/a.jpeg"],
    ["empty", ""],
    ["not a string", 42],
  ])("drops %s", (_name, url) => {
    expect(sanitizeMediaUrl(url)).toBeUndefined();
  });

  it("canonicalizes the scheme and host case", () => {
    expect(sanitizeMediaUrl("HTTPS://P16.TIKTOKCDN.COM/a.jpeg")).toBe("https://p16.tiktokcdn.com/a.jpeg");
  });

  it("follows a configured policy", () => {
    const policy = createSanitizerPolicy({ mediaHosts: ["img.example"], mediaHostSuffixes: [] });
    expect(sanitizeMediaUrl("https://img.example/a.jpeg", policy)).toBe("https://img.example/a.jpeg");
    expect(sanitizeMediaUrl("https://p16.tiktokcdn.com/a.jpeg", policy)).toBeUndefined();
  });
});

describe("checkHttpsUrl", () => {
  const tiktok = exactHostMatcher(["www.tiktok.com"]);

  it("returns the canonical URL", () => {
    const check = checkHttpsUrl(" https://www.tiktok.com/tag/café?refer=embed\n", tiktok, 100);
    expect(check.ok && check.url.href).toBe("https://www.tiktok.com/tag/caf%C3%A9?refer=embed");
  });

  it("rejects URLs over the length limit", () => {
    expect(checkHttpsUrl(`https://www.tiktok.com/${"a".repeat(100)}`, tiktok, 50)).toEqual({
      ok: false,
      reason: "malformed_url",
    });
  });
});

describe("hasDangerousScheme", () => {
  it.each(["javascript:x", " JAVA\tSCRIPT:x", "&#106;avascript:x", "%256A%2561vascript:x", "vbscript:x", "data:x"])(
    "flags %j",
    (value) => {
      expect(hasDangerousScheme(value)).toBe(true);
    },
  );

  it.each(["https://www.tiktok.com/tag/javascript", "https://www.tiktok.com/?q=data:x", "/javascript:x"])(
    "does not flag %j",
    (value) => {
      expect(hasDangerousScheme(value)).toBe(false);
    },
  );
});

describe("sanitizeShareUrl", () => {
  it("keeps https share links on TikTok's hosts, canonicalized", () => {
    const url = "https://www.tiktok.com/@creator/video/7318?utm_campaign=share";
    expect(sanitizeShareUrl(url)).toBe(url);
    expect(sanitizeShareUrl("https://vm.tiktok.com/ZMabc/")).toBe("https://vm.tiktok.com/ZMabc/");
    expect(sanitizeShareUrl("HTTPS://WWW.TIKTOK.COM/@a/video/1")).toBe("https://www.tiktok.com/@a/video/1");
  });

  it.each([
    "http://www.tiktok.com/@a/video/1",
    "https://evil.example/@a/video/1",
    "https://www.tiktok.com.evil.example/@a",
    "https://user:pass@www.tiktok.com/@a",
    "https://www.tiktok.com:8443/@a",
    "javascript:alert(1)//www.tiktok.com",
    "https://xn--tiktk-vua.com/@a",
    "",
  ])("refuses %s", (url) => {
    expect(sanitizeShareUrl(url)).toBeUndefined();
  });
});
