import { describe, expect, it } from "vitest";
import { isSanitizedPlainText, sanitizePlainText } from "./plain-text";

const clean = (value: unknown, maxLength = 200) => sanitizePlainText(value, { maxLength });

describe("sanitizePlainText", () => {
  it.each([
    ["tags are removed", "<b>Lena</b> <i>bakes</i>", "Lena bakes"],
    ["script and style content is dropped", "Hi<script>alert(1)</script><style>*{}</style> there", "Hi there"],
    ["entities are decoded once", "Tom &amp;amp; Jerry &lt;3", "Tom &amp; Jerry <3"],
    ["markup spelled with entities is removed after decoding", "a &lt;img src=x onerror=alert(1)&gt; b", "a b"],
    ["an unterminated tag at the end is removed", "name <img src=x onerror=alert(1)", "name"],
    ["markup rebuilt by nesting is removed", "<<img>img src=x onerror=alert(1)>>", ">"],
    ["a heart and comparisons stay", "I <3 u, 5 > 3 and 2 < 4", "I <3 u, 5 > 3 and 2 < 4"],
    ["bidi overrides are dropped", "evil\u202Egnp.exe", "evilgnp.exe"],
    ["isolates and marks are dropped", "\u2066a\u2069\u200Eb\u200F", "ab"],
    ["zero-width characters are dropped", "ad\u200Bmin\u2060\uFEFF", "admin"],
    ["control characters are dropped", "a\u0000b\u0007c\u009Bd", "abcd"],
    ["a NUL inside a tag name does not smuggle the tag", "<scr\u0000ipt>x</script>", "x"],
    ["whitespace runs collapse", "  a\t\tb\n\nc\u00A0\u3000d  ", "a b c d"],
    ["comments are dropped", "a<!-- hidden -->b", "ab"],
    ["emoji joiner sequences survive", "👩‍💻 and 👨‍👩‍👧", "👩‍💻 and 👨‍👩‍👧"],
    ["a stray joiner is dropped", "a\u200Db", "ab"],
    ["tag characters outside a flag are dropped", "hi\u{E0041}\u{E0042}", "hi"],
    [
      "a subdivision flag survives",
      "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
      "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    ],
    ["lone surrogates are dropped", "a\uD800b\uDC00c", "abc"],
    ["text is NFC-normalized", "Cafe\u0301", "Café"],
    ["block elements separate words", "<p>one</p><p>two</p>", "one two"],
  ])("%s", (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("returns an empty string for non-strings", () => {
    expect(clean(undefined)).toBe("");
    expect(clean(42)).toBe("");
    expect(clean({ toString: () => "<b>x</b>" })).toBe("");
  });

  it("bounds the length without splitting a grapheme", () => {
    expect(clean("abcdef", 4)).toBe("abcd");
    expect(clean("ab👩‍💻cd", 4)).toBe("ab");
    expect(clean("ab👩‍💻cd", 7)).toBe("ab👩‍💻");
    expect(clean("abc   def", 5)).toBe("abc d");
    expect(clean("abc   def", 4)).toBe("abc");
    expect(clean("x <a <3", 4)).toBe("x");
  });

  it("keeps line breaks in multiline mode, collapsing blank runs", () => {
    expect(sanitizePlainText("line one  \r\n\r\n\r\n\tline two<br>three", { maxLength: 100, multiline: true })).toBe(
      "line one\n\nline two\nthree",
    );
  });

  it("recognizes its own output without decoding entities again", () => {
    for (const input of [
      "Tom &amp;amp; Jerry",
      "a &lt;b&gt; c",
      "<p>x</p> &lt;3 y",
      "👩‍💻\u200D x",
      "x <a <3 abcdef",
    ]) {
      const once = sanitizePlainText(input, { maxLength: 10 });
      expect(isSanitizedPlainText(once, { maxLength: 10 })).toBe(true);
    }
    expect(isSanitizedPlainText(" padded", { maxLength: 10 })).toBe(false);
    expect(isSanitizedPlainText("<b>x</b>", { maxLength: 10 })).toBe(false);
    expect(isSanitizedPlainText("too long for it", { maxLength: 10 })).toBe(false);
  });
});
