/** What the stored embed must contain, checked attribute by attribute and link by link. */
export interface GenuineExpectation {
  title: string;
  authorName: string;
  authorUrl: string;
  thumbnailUrl?: string;
  /** The blockquote's attributes in the stored HTML, exactly. */
  blockquote: Record<string, string>;
  /** Every link in the stored HTML, in document order; a link with `target` must also carry `rel`. */
  links: readonly { href: string; title?: string; text: string; target?: "_blank" }[];
  /** The caption paragraph's text content (entities decoded), compared with whitespace collapsed. */
  caption: string;
}

/** A genuine-looking TikTok oEmbed response and what sanitizing it must produce. */
export interface GenuineCase {
  name: string;
  payload: Record<string, unknown>;
  expected: GenuineExpectation;
}

export const link = (href: string, title: string, text: string) => ({ href, title, text, target: "_blank" as const });
export const video = (handle: string, id: string) => `https://www.tiktok.com/@${handle}/video/${id}`;
export const size = "max-width: 605px;min-width: 325px;";
export const defaultThumbnail = (id: string) =>
  `https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/${id}~tplv-noop.image`;
