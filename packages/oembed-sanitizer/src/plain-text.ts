import { Parser } from "htmlparser2";

/** Options of {@link sanitizePlainText}. */
export interface PlainTextOptions {
  /** Longest result, in UTF-16 code units; longer text is cut at a grapheme boundary. */
  maxLength: number;
  /** Keep line breaks (collapsed to at most one blank line), e.g. for a bio. Default: everything on one line. */
  multiline?: boolean;
}

// Elements whose content is code or hidden text rather than something a person wrote for display.
const HIDDEN_CONTENT = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "noembed",
  "noframes",
  "xmp",
  "textarea",
  "title",
  "object",
  "svg",
  "math",
]);
const BREAKING = new Set(["br", "p", "div", "li", "tr", "section", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]);
// C0/C1 controls (line breaks are kept for now), bidi overrides and marks, zero-width and other invisible format
// characters, interlinear annotations, noncharacters and lone surrogates.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// A zero-width joiner is kept only inside an emoji sequence (👩‍💻), where it is part of the character.
const STRAY_JOINER =
  /(?<!\p{Extended_Pictographic}[\ufe0f\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
// Tag characters are kept only inside a subdivision flag (🏴 followed by tags); elsewhere they hide text.
const STRAY_TAG_CHARACTER = /(?<!\u{1f3f4}[\u{e0020}-\u{e007f}]*)[\u{e0000}-\u{e007f}]/gu;
const MARKUP = /<[a-zA-Z!?/][^<>]*(?:>|$)/g;

/**
 * Turns untrusted text (titles, captions, display names, bios) into plain text: markup is removed, entities are
 * decoded exactly once, markup that those entities spelled out is removed too, control, bidi-override and
 * zero-width characters are dropped, Unicode is NFC-normalized, whitespace is collapsed and the length bounded.
 * The result is text, not HTML: escape it when rendering.
 */
export function sanitizePlainText(value: unknown, options: PlainTextOptions): string {
  if (typeof value !== "string") return "";
  return normalizePlainText(/[<&]/.test(value) ? extractText(value) : value, options);
}

/**
 * True when `value` is already in the form {@link sanitizePlainText} produces, judged without decoding entities
 * again (a stored caption may legitimately read "&amp;" after its one decoding).
 */
export function isSanitizedPlainText(value: string, options: PlainTextOptions): boolean {
  return normalizePlainText(value, options) === value;
}

// Idempotent: every step leaves nothing for an earlier step to find, and markup is stripped after truncation so a
// cut cannot leave a fresh `<tag` at the end.
function normalizePlainText(text: string, options: PlainTextOptions): string {
  const visible = text
    .replace(INVISIBLE, "")
    .replace(STRAY_JOINER, "")
    .replace(STRAY_TAG_CHARACTER, "")
    .normalize("NFC");
  const bounded = truncate(collapseWhitespace(visible, options.multiline), options.maxLength);
  return collapseWhitespace(stripMarkup(bounded), options.multiline);
}

function collapseWhitespace(text: string, multiline: boolean | undefined): string {
  return multiline ? collapseMultiline(text) : text.replace(/\s+/gu, " ").trim();
}

function extractText(html: string): string {
  const parts: string[] = [];
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentag: (name) => {
        if (HIDDEN_CONTENT.has(name)) hiddenDepth += 1;
        if (BREAKING.has(name)) parts.push("\n");
      },
      onclosetag: (name) => {
        if (HIDDEN_CONTENT.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        if (BREAKING.has(name) && name !== "br") parts.push("\n");
      },
      ontext: (text) => {
        if (hiddenDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join("");
}

function stripMarkup(text: string): string {
  let current = text;
  for (let round = 0; round < 5; round += 1) {
    const next = current.replace(MARKUP, "");
    if (next === current) return next;
    current = next;
  }
  // Markup nested to rebuild itself after every pass: give up on keeping any angle bracket.
  return current.replace(/[<>]/g, "");
}

function collapseMultiline(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\s+/gu, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let result = "";
  for (const { segment } of segmenter.segment(text)) {
    if (result.length + segment.length > maxLength) break;
    result += segment;
  }
  return result.trimEnd();
}
