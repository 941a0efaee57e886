import { sanitizePlainText } from "./plain-text";
import { DEFAULT_SANITIZER_POLICY, type SanitizerPolicy } from "./policy";
import { sanitizeMediaUrl } from "./url";

/** The creator fields we keep from TikTok's `/v2/user/info/`, each sanitized and optional. */
export interface SanitizedProfile {
  displayName?: string;
  username?: string;
  bioDescription?: string;
  avatarUrl?: string;
  avatarUrl100?: string;
  avatarLargeUrl?: string;
  isVerified?: boolean;
}

/** Bounds well above TikTok's own (display name 30, username 24, bio 80 characters) that still cap abuse. */
const DISPLAY_NAME_MAX = 64;
const BIO_MAX = 300;
const USERNAME = /^[A-Za-z0-9_.]{1,64}$/;

function text(value: unknown, maxLength: number, multiline = false): string | undefined {
  const cleaned = sanitizePlainText(value, { maxLength, multiline });
  return cleaned === "" ? undefined : cleaned;
}

/**
 * Sanitizes TikTok user info for storage and display: display name and bio become plain text, the username must
 * be a plain handle, avatars must be https on an allowlisted TikTok CDN host. Anything invalid is left out rather
 * than failing the profile, since every field is optional. Other members (ids, stats, deep links) are not kept.
 */
export function sanitizeProfile(user: unknown, options: { policy?: SanitizerPolicy } = {}): SanitizedProfile {
  if (typeof user !== "object" || user === null || Array.isArray(user)) return {};
  const policy = options.policy ?? DEFAULT_SANITIZER_POLICY;
  const source = user as Record<string, unknown>;
  const profile: SanitizedProfile = {
    displayName: text(source.display_name, DISPLAY_NAME_MAX),
    username: typeof source.username === "string" && USERNAME.test(source.username) ? source.username : undefined,
    bioDescription: text(source.bio_description, BIO_MAX, true),
    avatarUrl: sanitizeMediaUrl(source.avatar_url, policy),
    avatarUrl100: sanitizeMediaUrl(source.avatar_url_100, policy),
    avatarLargeUrl: sanitizeMediaUrl(source.avatar_large_url, policy),
    isVerified: typeof source.is_verified === "boolean" ? source.is_verified : undefined,
  };
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as SanitizedProfile;
}
