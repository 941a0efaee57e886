import type { SanitizerPolicy } from "./policy";
import type { SanitizerRejectionReason } from "./reasons";
import { checkHttpsUrl, exactHostMatcher } from "./url";

type UrlResult = { ok: true; href: string } | { ok: false; reason: SanitizerRejectionReason };

const PROFILE_PATH = /^\/@([A-Za-z0-9_.]{1,64})\/?$/;

/** Checks `author_url`: a creator profile (`https://www.tiktok.com/@handle`) on a profile host; returns its handle. */
export function checkAuthorUrl(
  value: string,
  policy: SanitizerPolicy,
): { ok: true; href: string; handle: string } | { ok: false; reason: SanitizerRejectionReason } {
  const check = checkHttpsUrl(value, exactHostMatcher(policy.profileHosts), policy.maxUrlLength);
  if (!check.ok) return check;
  const handle = PROFILE_PATH.exec(check.url.pathname)?.[1];
  if (handle === undefined || check.url.hash !== "") return { ok: false, reason: "disallowed_url_path" };
  return { ok: true, href: check.url.href, handle };
}

/** Checks `provider_url`: the bare origin of a profile host; returns the origin. */
export function checkProviderUrl(value: string, policy: SanitizerPolicy): UrlResult {
  const check = checkHttpsUrl(value, exactHostMatcher(policy.profileHosts), policy.maxUrlLength);
  if (!check.ok) return check;
  if (check.url.pathname !== "/" || check.url.search !== "" || check.url.hash !== "") {
    return { ok: false, reason: "invalid_payload:provider_url" };
  }
  return { ok: true, href: check.url.origin };
}
