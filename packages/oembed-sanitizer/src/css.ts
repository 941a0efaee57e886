const ALLOWED_PROPERTIES = ["max-width", "min-width"] as const;
// Only letters, digits, hyphens, colons, semicolons, dots and spaces: no escapes, comments, quotes, parentheses or
// at-rules can appear, so expression(), url(), @import and friends are impossible before any parsing happens.
const SAFE_CHARACTERS = /^[a-zA-Z0-9\-:;. ]*$/;
const PIXEL_LENGTH = /^\d{1,4}(?:\.\d{1,2})?px$/;

/**
 * Validates the blockquote's inline style, which TikTok uses only for its size (`max-width`/`min-width` in px),
 * and returns it in canonical form (`max-width: 605px;min-width: 325px;`, fixed order). Returns `undefined` for
 * anything else; an empty style gives `""`.
 */
export function canonicalEmbedStyle(style: string): string | undefined {
  if (!SAFE_CHARACTERS.test(style)) return undefined;
  const values = new Map<string, string>();
  for (const declaration of style.split(";")) {
    const trimmed = declaration.trim();
    if (trimmed === "") continue;
    const parts = trimmed.split(":");
    if (parts.length !== 2) return undefined;
    const property = (parts[0] ?? "").trim().toLowerCase();
    const value = (parts[1] ?? "").trim().toLowerCase();
    if (!(ALLOWED_PROPERTIES as readonly string[]).includes(property) || values.has(property)) return undefined;
    if (!PIXEL_LENGTH.test(value)) return undefined;
    values.set(property, value);
  }
  return ALLOWED_PROPERTIES.filter((property) => values.has(property))
    .map((property) => `${property}: ${values.get(property)};`)
    .join("");
}
