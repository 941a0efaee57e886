import { AppError } from "@trendpot/errors";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Accepts a connect session's `returnUrl` only when its origin is exactly one of the allowlisted origins. No
 * open redirect: https unless the host is local, no userinfo, no backslashes or control characters (browsers
 * and URL parsers disagree about those), and the allowlist entries themselves are compared as parsed origins.
 */
export function checkReturnUrl(raw: string, allowedOrigins: readonly string[]): string {
  const reject = (reason: string) => new AppError("RETURN_URL_NOT_ALLOWED", { details: { reason } });
  if (raw.length > 2048) throw reject("too_long");
  if (hasForbiddenCharacters(raw)) throw reject("forbidden_characters");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw reject("not_absolute");
  }
  if (url.username !== "" || url.password !== "") throw reject("userinfo");
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) throw reject("scheme");
  const allowed = new Set(allowedOrigins.flatMap((origin) => originOf(origin)));
  if (!allowed.has(url.origin)) throw reject("origin_not_allowed");
  return url.toString();
}

// Backslashes, whitespace and control characters: parsers and browsers disagree on them, so none is accepted.
function hasForbiddenCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\" || /\s/.test(char) || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function originOf(value: string): string[] {
  try {
    return [new URL(value).origin];
  } catch {
    return [];
  }
}

/** The return URL with the outcome appended (`tiktok=connected|denied|error`, `session`). */
export function returnUrlWithOutcome(returnUrl: string, outcome: string, sessionId: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set("tiktok", outcome);
  url.searchParams.set("session", sessionId);
  return url.toString();
}
