import { DEFAULT_SANITIZER_POLICY, type SanitizerPolicy } from "./policy";

/** Why a URL was refused; each is also a {@link SanitizerRejectionReason}. */
export type UrlRejectionReason = "dangerous_url_scheme" | "non_https_url" | "malformed_url" | "untrusted_host";

/** The outcome of checking one URL: its canonical form, or why it was refused. */
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: UrlRejectionReason };

const SCRIPT_SCHEMES = /^(?:javascript|vbscript|livescript|mocha|data):/;
// Characters a browser strips or ignores inside a URL, or that hide what the URL says from a reader.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/gu;
const ASCII_WHITESPACE_EDGES = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const PERCENT_ESCAPE = /%([0-9a-fA-F]{2})/g;
const NUMERIC_ENTITY = /&#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}));?/g;

function fromCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
}

/**
 * True when `value`, read as generously as any browser or decoder might read it (entities and percent escapes
 * decoded again, invisible and control characters removed, compatibility forms folded), starts with a scheme that
 * runs code or inlines content. Over-matching is fine here: such a value is never a legitimate TikTok link.
 */
export function hasDangerousScheme(value: string): boolean {
  // A value that literally starts with the https scheme is read as https by every parser: skip the decoding work.
  if (value.startsWith("https://")) return false;
  let probe = value;
  for (let round = 0; round < 3; round += 1) {
    const decoded = probe
      .replace(NUMERIC_ENTITY, (_match, hex: string | undefined, dec: string | undefined) =>
        fromCodePoint(hex === undefined ? Number(dec) : Number.parseInt(hex, 16)),
      )
      .replace(PERCENT_ESCAPE, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    if (decoded === probe) break;
    probe = decoded;
  }
  return SCRIPT_SCHEMES.test(probe.normalize("NFKC").replace(INVISIBLE, "").toLowerCase());
}

/**
 * Checks that `raw` is an absolute `https` URL whose host `isHostAllowed` accepts, written plainly: no userinfo, no
 * port, no backslashes, no protocol-relative or relative form, no percent-encoded, Unicode or punycode host, no
 * control or invisible characters. Returns the parsed URL, whose `href` is the canonical form to store.
 */
export function checkHttpsUrl(raw: string, isHostAllowed: (host: string) => boolean, maxLength: number): UrlCheck {
  if (raw.length > maxLength) return { ok: false, reason: "malformed_url" };
  if (hasDangerousScheme(raw)) return { ok: false, reason: "dangerous_url_scheme" };
  const value = raw.replace(ASCII_WHITESPACE_EDGES, "");
  if (value.includes("\\")) return { ok: false, reason: "untrusted_host" };
  if (value.search(INVISIBLE) !== -1) return { ok: false, reason: "malformed_url" };
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return { ok: false, reason: "untrusted_host" };
  if (scheme !== "https") return { ok: false, reason: "non_https_url" };
  if (!/^https:\/\/[^/?#]/i.test(value)) return { ok: false, reason: "untrusted_host" };
  const authority = value.slice("https://".length).split(/[/?#]/, 1)[0] ?? "";
  if (/[@:[\]%]/.test(authority)) return { ok: false, reason: "untrusted_host" };
  const url = URL.parse(value);
  if (url === null) return { ok: false, reason: "malformed_url" };
  const host = url.hostname;
  if (host !== authority.toLowerCase() || host.split(".").some((label) => label.startsWith("xn--"))) {
    return { ok: false, reason: "untrusted_host" };
  }
  if (!isHostAllowed(host)) return { ok: false, reason: "untrusted_host" };
  return { ok: true, url };
}

/** A host check that accepts exactly the listed hosts. */
export function exactHostMatcher(hosts: readonly string[]): (host: string) => boolean {
  return (host) => hosts.includes(host);
}

/** A host check for media: the listed hosts, or any subdomain of a listed suffix domain. */
export function mediaHostMatcher(policy: SanitizerPolicy): (host: string) => boolean {
  return (host) =>
    policy.mediaHosts.includes(host) || policy.mediaHostSuffixes.some((suffix) => host.endsWith(`.${suffix}`));
}

/**
 * Returns the canonical form of an avatar or thumbnail URL when it is `https` on an allowlisted TikTok CDN host,
 * and `undefined` otherwise (the caller then stores no image rather than a suspicious one).
 */
export function sanitizeMediaUrl(
  value: unknown,
  policy: SanitizerPolicy = DEFAULT_SANITIZER_POLICY,
): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const check = checkHttpsUrl(value, mediaHostMatcher(policy), policy.maxUrlLength);
  return check.ok ? check.url.href : undefined;
}

/**
 * Returns the canonical form of a video's share link when it is `https` on one of the policy's share hosts, and
 * `undefined` otherwise (the video is then stored without one, and no oEmbed is fetched for it).
 */
export function sanitizeShareUrl(
  value: unknown,
  policy: SanitizerPolicy = DEFAULT_SANITIZER_POLICY,
): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const check = checkHttpsUrl(value, exactHostMatcher(policy.shareHosts), policy.maxUrlLength);
  return check.ok ? check.url.href : undefined;
}
