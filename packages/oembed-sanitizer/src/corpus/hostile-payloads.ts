import type { SanitizerRejectionReason } from "../reasons";
import { BASE_PARTS, buildEmbedHtml, buildPayload, type HostileCase, place } from "./build";

const v = (name: string, payload: unknown, reason: SanitizerRejectionReason): HostileCase => ({
  name,
  payload,
  reason,
});
const without = (member: string) => {
  const payload = buildPayload(BASE_PARTS);
  delete payload[member];
  return payload;
};

/** Malformed payloads: wrong shapes, wrong types, oversized or inconsistent members, and hostile CSS. */
export const HOSTILE_PAYLOAD_CORPUS: readonly HostileCase[] = [
  v("null payload", null, "invalid_payload"),
  v("html string instead of an object", buildEmbedHtml(BASE_PARTS), "invalid_payload"),
  v("array payload", [buildPayload(BASE_PARTS)], "invalid_payload"),
  v("missing html", without("html"), "invalid_payload:html"),
  v("numeric html", place.members({ html: 42 }), "invalid_payload:html"),
  v("empty html", place.members({ html: "" }), "invalid_payload:html"),
  v("unknown version", place.members({ version: "2.0" }), "invalid_payload:version"),
  v("rich type", place.members({ type: "rich" }), "invalid_payload:type"),
  v("oversized title", place.members({ title: "t".repeat(20_000) }), "invalid_payload:title"),
  v("object author name", place.members({ author_name: { toString: "x" } }), "invalid_payload:author_name"),
  v("missing author URL", without("author_url"), "invalid_payload:author_url"),
  v("non-numeric video id", place.members({ embed_product_id: "abc" }), "invalid_payload:embed_product_id"),
  v(
    "numeric video id",
    place.members({ embed_product_id: Number(BASE_PARTS.videoId) }),
    "invalid_payload:embed_product_id",
  ),
  v("frame width with CSS", place.members({ width: "100%; position: fixed" }), "invalid_payload:width"),
  v("thumbnail width as a string", place.members({ thumbnail_width: "720" }), "invalid_payload:thumbnail_width"),
  v("negative thumbnail height", place.members({ thumbnail_height: -1 }), "invalid_payload:thumbnail_height"),
  v("lookalike provider name", place.members({ provider_name: "TikT0k" }), "invalid_payload:provider_name"),
  v(
    "provider URL with a path",
    place.members({ provider_url: "https://www.tiktok.com/evil" }),
    "invalid_payload:provider_url",
  ),
  v(
    "unique id of someone else",
    place.members({ author_unique_id: "someone.else" }),
    "invalid_payload:author_unique_id",
  ),
  v("markup in the unique id", place.members({ author_unique_id: "<script>" }), "invalid_payload:author_unique_id"),
  v("markup in the embed type", place.members({ embed_type: "video<script>" }), "invalid_payload:embed_type"),
  // CSS beyond the blockquote's size
  v(
    "background url in the style",
    place.style("max-width: 605px; background: url(javascript:alert(1))"),
    "disallowed_css",
  ),
  v("expression()", place.style("width: expression(alert(1))"), "disallowed_css"),
  v("behavior htc", place.style("behavior: url(xss.htc)"), "disallowed_css"),
  v("moz-binding", place.style("-moz-binding: url(https://evil.example/x.xml#xss)"), "disallowed_css"),
  v("@import in the style", place.style("@import 'https://evil.example/x.css'"), "disallowed_css"),
  v(
    "full-page overlay",
    place.style("max-width: 605px;position:fixed;top:0;left:0;width:100%;height:100%"),
    "disallowed_css",
  ),
  v("CSS escape in a value", place.style("max-width: 6\\05px"), "disallowed_css"),
  v("CSS comment", place.style("max-width: 605px/**/;"), "disallowed_css"),
  v("important flag", place.style("max-width: 605px !important"), "disallowed_css"),
  v("calc()", place.style("max-width: calc(100vw)"), "disallowed_css"),
  v("entity-encoded property", place.style("max-width: 605px;&#x62;ackground:red"), "disallowed_css"),
  v("repeated property", place.style("max-width: 605px; max-width: 700px"), "disallowed_css"),
  v("style on a link", place.caption('<a title="x" style="color:red">x</a>'), "disallowed_css"),
];
