import { AppError } from "@trendpot/errors";

/** The allowlists and size limits the sanitizer enforces. Build one with {@link createSanitizerPolicy}. */
export interface SanitizerPolicy {
  /** Exact hosts allowed for links and the `cite` URL inside embed HTML. */
  readonly embedHosts: readonly string[];
  /** Path shapes allowed for links inside embed HTML (profiles, videos, tags, music). */
  readonly embedLinkPaths: readonly RegExp[];
  /** The one script the embed may reference; it is dropped from the stored HTML because the renderer adds it. */
  readonly embedScriptUrl: string;
  /** Exact hosts allowed for `author_url` and `provider_url`. */
  readonly profileHosts: readonly string[];
  /** Exact hosts a video's `share_url` may point at (it is stored and handed to oEmbed). */
  readonly shareHosts: readonly string[];
  /** Exact media hosts (avatars, thumbnails). */
  readonly mediaHosts: readonly string[];
  /** Media domains whose subdomains are allowed (`tiktokcdn.com` allows `p16-sign.tiktokcdn.com`, not itself). */
  readonly mediaHostSuffixes: readonly string[];
  /** Largest accepted `html` member, in UTF-16 code units. */
  readonly maxHtmlLength: number;
  /** Largest accepted URL, in UTF-16 code units. */
  readonly maxUrlLength: number;
  /** Bounds of the plain-text members after sanitizing. */
  readonly maxTitleLength: number;
  readonly maxAuthorNameLength: number;
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Overrides accepted by {@link createSanitizerPolicy}. */
export type SanitizerPolicyOverrides = Partial<SanitizerPolicy>;

/**
 * The safe default: embed links only to `www.tiktok.com`, media only from TikTok's CDN domains, and limits well
 * above what TikTok sends (captions are at most a few thousand characters, embeds about 1–3 KB).
 */
export const DEFAULT_SANITIZER_POLICY: SanitizerPolicy = Object.freeze({
  embedHosts: Object.freeze(["www.tiktok.com"]),
  embedLinkPaths: Object.freeze([
    /^\/@[A-Za-z0-9_.]{1,64}\/?$/,
    /^\/@[A-Za-z0-9_.]{1,64}\/video\/\d{1,32}\/?$/,
    /^\/tag\/[^/]{1,300}\/?$/,
    /^\/music\/[^/]{1,300}\/?$/,
  ]),
  embedScriptUrl: "https://www.tiktok.com/embed.js",
  profileHosts: Object.freeze(["www.tiktok.com"]),
  // TikTok's web host, its bare domain and the mobile and short-link hosts its share links use.
  shareHosts: Object.freeze(["www.tiktok.com", "tiktok.com", "m.tiktok.com", "vm.tiktok.com", "vt.tiktok.com"]),
  mediaHosts: Object.freeze([]),
  mediaHostSuffixes: Object.freeze(["tiktokcdn.com", "tiktokcdn-us.com", "tiktokcdn-eu.com", "muscdn.com"]),
  maxHtmlLength: 20_000,
  maxUrlLength: 2_048,
  maxTitleLength: 4_000,
  maxAuthorNameLength: 100,
});

function normalizeHosts(name: string, hosts: readonly string[]): readonly string[] {
  return Object.freeze(
    hosts.map((host) => {
      const normalized = host.trim().toLowerCase().replace(/^\./, "");
      if (!HOSTNAME.test(normalized) || normalized.split(".").some((label) => label.startsWith("xn--"))) {
        throw new AppError("VALIDATION_FAILED", {
          message: `Sanitizer policy ${name} holds an invalid host name.`,
          details: { field: name, host },
        });
      }
      return normalized;
    }),
  );
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new AppError("VALIDATION_FAILED", {
      message: `Sanitizer policy ${name} must be a positive integer.`,
      details: { field: name },
    });
  }
  return value;
}

/**
 * Builds a policy from the default and `overrides`, validating every host (lowercase ASCII names; no wildcards,
 * no punycode, a leading dot on a suffix is accepted and removed). Throws `AppError("VALIDATION_FAILED")` on a bad
 * entry, so a misconfigured allowlist fails at boot instead of silently accepting or rejecting everything.
 */
export function createSanitizerPolicy(overrides: SanitizerPolicyOverrides = {}): SanitizerPolicy {
  const merged = { ...DEFAULT_SANITIZER_POLICY, ...overrides };
  const scriptUrl = URL.parse(merged.embedScriptUrl);
  if (scriptUrl?.protocol !== "https:" || scriptUrl.href !== merged.embedScriptUrl) {
    throw new AppError("VALIDATION_FAILED", {
      message: "Sanitizer policy embedScriptUrl must be a canonical https URL.",
      details: { field: "embedScriptUrl" },
    });
  }
  return Object.freeze({
    embedHosts: normalizeHosts("embedHosts", merged.embedHosts),
    embedLinkPaths: Object.freeze([...merged.embedLinkPaths]),
    embedScriptUrl: merged.embedScriptUrl,
    profileHosts: normalizeHosts("profileHosts", merged.profileHosts),
    shareHosts: normalizeHosts("shareHosts", merged.shareHosts),
    mediaHosts: normalizeHosts("mediaHosts", merged.mediaHosts),
    mediaHostSuffixes: normalizeHosts("mediaHostSuffixes", merged.mediaHostSuffixes),
    maxHtmlLength: positiveInteger("maxHtmlLength", merged.maxHtmlLength),
    maxUrlLength: positiveInteger("maxUrlLength", merged.maxUrlLength),
    maxTitleLength: positiveInteger("maxTitleLength", merged.maxTitleLength),
    maxAuthorNameLength: positiveInteger("maxAuthorNameLength", merged.maxAuthorNameLength),
  });
}
