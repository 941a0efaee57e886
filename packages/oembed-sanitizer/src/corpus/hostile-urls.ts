import type { SanitizerRejectionReason } from "../reasons";
import { BASE_PARTS, type HostileCase, place } from "./build";

const v = (name: string, payload: unknown, reason: SanitizerRejectionReason): HostileCase => ({
  name,
  payload,
  reason,
});
const video = `https://www.tiktok.com/@corpus.creator/video/${BASE_PARTS.videoId}`;
const javascriptDecimal = "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;";
const javascriptHex = "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;";

/** URL attacks on links, the cite URL, the thumbnail and the author URL. */
export const HOSTILE_URL_CORPUS: readonly HostileCase[] = [
  // Script-running schemes, in every spelling
  v("javascript link", place.link("javascript:alert(1)"), "dangerous_url_scheme"),
  v("mixed-case javascript", place.link("JaVaScRiPt:alert(1)"), "dangerous_url_scheme"),
  v("tab inside javascript", place.link("java\tscript:alert(1)"), "dangerous_url_scheme"),
  v("newline inside javascript", place.link("java\nscript:alert(1)"), "dangerous_url_scheme"),
  v("entity tab inside javascript", place.link("java&#x09;script:alert(1)"), "dangerous_url_scheme"),
  v("decimal entities", place.link(`${javascriptDecimal}alert(1)`), "dangerous_url_scheme"),
  v(
    "decimal entities without semicolons",
    place.link(`${javascriptDecimal.replaceAll(";", "")}alert(1)`),
    "dangerous_url_scheme",
  ),
  v("hex entities", place.link(`${javascriptHex}alert(1)`), "dangerous_url_scheme"),
  v(
    "zero-padded entities",
    place.link(
      "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
    ),
    "dangerous_url_scheme",
  ),
  v("leading control character and space", place.link(" \u0001javascript:alert(1)"), "dangerous_url_scheme"),
  v("leading spaces", place.link("   javascript:alert(1)"), "dangerous_url_scheme"),
  v("NUL inside javascript", place.link("java\u0000script:alert(1)"), "dangerous_url_scheme"),
  v("named colon entity", place.link("javascript&colon;alert(1)"), "dangerous_url_scheme"),
  v("zero-width space inside javascript", place.link("javas&#x200B;cript:alert(1)"), "dangerous_url_scheme"),
  v("double-encoded entity", place.link("&amp;#106;avascript:alert(1)"), "dangerous_url_scheme"),
  v("percent-encoded scheme", place.link("%6A%61%76%61%73%63%72%69%70%74:alert(1)"), "dangerous_url_scheme"),
  v("fullwidth javascript", place.link("ｊａｖａｓｃｒｉｐｔ:alert(1)"), "dangerous_url_scheme"),
  v(
    "javascript disguised as a tiktok URL",
    place.link("javascript://www.tiktok.com/%0Aalert(1)"),
    "dangerous_url_scheme",
  ),
  v("vbscript", place.link("vbscript:msgbox(1)"), "dangerous_url_scheme"),
  v("livescript", place.link("livescript:alert(1)"), "dangerous_url_scheme"),
  v(
    "data html base64",
    place.link("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    "dangerous_url_scheme",
  ),
  v("uppercase data URL", place.link("DATA:text/html,alert(1)"), "dangerous_url_scheme"),
  v("javascript cite", place.cite("javascript:alert(1)"), "dangerous_url_scheme"),
  v("javascript profile link", place.profileHref("javascript:alert(document.domain)"), "dangerous_url_scheme"),
  v("iframe javascript src", place.caption('<iframe src="javascript:alert(1)"></iframe>'), "dangerous_url_scheme"),
  v("object javascript data", place.caption('<object data="javascript:alert(1)"></object>'), "dangerous_url_scheme"),
  v(
    "form javascript action",
    place.caption('<form action="javascript:alert(1)"><button>x</button></form>'),
    "dangerous_url_scheme",
  ),
  v("button formaction", place.caption('<button formaction="javascript:alert(1)">x</button>'), "dangerous_url_scheme"),
  v("isindex action", place.caption("<isindex action=javascript:alert(1) type=image>"), "dangerous_url_scheme"),
  v("table background", place.caption('<table background="javascript:alert(1)"></table>'), "dangerous_url_scheme"),
  v("img dynsrc", place.caption('<img dynsrc="javascript:alert(1)">'), "dangerous_url_scheme"),
  v("javascript thumbnail", place.members({ thumbnail_url: "javascript:alert(1)" }), "dangerous_url_scheme"),
  v("data thumbnail", place.members({ thumbnail_url: "data:image/svg+xml,alert(1)" }), "dangerous_url_scheme"),
  // Not https
  v("http link", place.link("http://www.tiktok.com/tag/x"), "non_https_url"),
  v("ftp link", place.link("ftp://www.tiktok.com/tag/x"), "non_https_url"),
  v("mailto link", place.link("mailto:someone@evil.example"), "non_https_url"),
  v("blob link", place.link("blob:https://www.tiktok.com/0b6c"), "non_https_url"),
  v("http cite", place.cite(video.replace("https:", "http:")), "non_https_url"),
  v("http thumbnail", place.members({ thumbnail_url: "http://p16-sign.tiktokcdn.com/x.jpeg" }), "non_https_url"),
  // Hosts outside the allowlist
  v("foreign host", place.link("https://evil.example/"), "untrusted_host"),
  v("tiktok.com as a subdomain of evil", place.link("https://tiktok.com.evil.example/@x"), "untrusted_host"),
  v("www.tiktok.com as a subdomain of evil", place.link("https://www.tiktok.com.evil.example/@x"), "untrusted_host"),
  v("tiktok host in the path", place.link("https://evil.example/www.tiktok.com/@x"), "untrusted_host"),
  v("userinfo trick", place.link("https://www.tiktok.com@evil.example/@x"), "untrusted_host"),
  v("userinfo with a port", place.link("https://www.tiktok.com:443@evil.example/@x"), "untrusted_host"),
  v("entity-encoded at sign", place.link("https://www.tiktok.com&#64;evil.example/@x"), "untrusted_host"),
  v("protocol-relative link", place.link("//evil.example/@x"), "untrusted_host"),
  v("backslashes as slashes", place.link("https:\\\\evil.example\\@x"), "untrusted_host"),
  v("backslash before an at sign", place.link("https://www.tiktok.com\\@evil.example/@x"), "untrusted_host"),
  v("Cyrillic i in the host", place.link("https://www.t\u0456ktok.com/@x"), "untrusted_host"),
  v("punycode lookalike", place.link("https://www.xn--tktok-5ve.com/@x"), "untrusted_host"),
  v("ideographic full stops", place.link("https://www\u3002tiktok\u3002com/@x"), "untrusted_host"),
  v("fullwidth host", place.link("https://ｗｗｗ.tiktok.com/@x"), "untrusted_host"),
  v("percent-encoded dot in the host", place.link("https://www.tiktok.com%2eevil.example/@x"), "untrusted_host"),
  v("explicit port", place.link("https://www.tiktok.com:8443/@x"), "untrusted_host"),
  v("trailing dot", place.link("https://www.tiktok.com./@x"), "untrusted_host"),
  v("missing slashes", place.link("https:evil.example/@x"), "untrusted_host"),
  v("three slashes", place.link("https:///evil.example/@x"), "untrusted_host"),
  v("relative link", place.link("/@corpus.creator"), "untrusted_host"),
  v("other tiktok subdomain", place.link("https://m.tiktok.com/@x"), "untrusted_host"),
  v("short-link host", place.link("https://vm.tiktok.com/ZMabc123/"), "untrusted_host"),
  v("IPv6 literal", place.link("https://[::1]/@x"), "untrusted_host"),
  v("IPv4 literal", place.link("https://127.0.0.1/@x"), "untrusted_host"),
  v("uppercase lookalike", place.link("HTTPS://WWW.TIKTOK.COM.EVIL.EXAMPLE/@x"), "untrusted_host"),
  v(
    "cite on a lookalike host",
    place.cite(video.replace("www.tiktok.com", "www.tiktok.com.evil.example")),
    "untrusted_host",
  ),
  v("thumbnail on a foreign CDN", place.members({ thumbnail_url: "https://evil.example/x.jpg" }), "untrusted_host"),
  v(
    "thumbnail on a lookalike CDN",
    place.members({ thumbnail_url: "https://tiktokcdn.com.evil.example/x.jpg" }),
    "untrusted_host",
  ),
  v(
    "thumbnail with userinfo",
    place.members({ thumbnail_url: "https://p16-sign.tiktokcdn.com@evil.example/x.jpg" }),
    "untrusted_host",
  ),
  v(
    "thumbnail on a suffix lookalike",
    place.members({ thumbnail_url: "https://eviltiktokcdn.com/x.jpg" }),
    "untrusted_host",
  ),
  v(
    "thumbnail protocol-relative",
    place.members({ thumbnail_url: "//p16-sign.tiktokcdn.com/x.jpg" }),
    "untrusted_host",
  ),
  v(
    "author URL on a foreign host",
    place.members({ author_url: "https://evil.example/@corpus.creator" }),
    "untrusted_host",
  ),
  v(
    "provider URL on a lookalike host",
    place.members({ provider_url: "https://www.tiktok.com.evil.example" }),
    "untrusted_host",
  ),
  // Malformed
  v("space inside a link", place.link("https://www.tiktok.com/tag/x y"), "malformed_url"),
  v("bidi override inside a link", place.link("https://www.tiktok.com/tag/\u202Eexe.gpj"), "malformed_url"),
  v("overlong link", place.link(`https://www.tiktok.com/tag/${"a".repeat(2_100)}`), "malformed_url"),
  // Allowed host, wrong kind of page
  v(
    "tiktok open redirect",
    place.link("https://www.tiktok.com/link/v2?scene=bio_url&target=https%3A%2F%2Fevil.example"),
    "disallowed_url_path",
  ),
  v("link to embed.js", place.link("https://www.tiktok.com/embed.js"), "disallowed_url_path"),
  v(
    "cite to a photo post",
    place.cite("https://www.tiktok.com/@corpus.creator/photo/7312345678901234567"),
    "disallowed_url_path",
  ),
  v(
    "author URL that is not a profile",
    place.members({ author_url: "https://www.tiktok.com/foo" }),
    "disallowed_url_path",
  ),
];
