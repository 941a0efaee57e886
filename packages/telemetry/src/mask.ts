/** What a masked value is replaced with. */
export const REDACTED = "[REDACTED]";

// TikTok access/refresh/client tokens look like `act.<opaque>`, `rft.<opaque>`, `clt.<opaque>`.
const TIKTOK_TOKEN = /\b(act|rft|clt)\.[A-Za-z0-9._~+/=!*-]{6,}/g;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// `client_secret=…`, `"refresh_token":"…"`, `code_verifier: …` inside free text.
const SECRET_ASSIGNMENT =
  /\b([\w-]*(?:token|secret|password|passwd|verifier|authorization|api[_-]?key|cookie|code))(["']?\s*[:=]\s*["']?)([A-Za-z0-9+/_.~=%-]{16,})/gi;

const SENSITIVE_KEYS = new Set([
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "token",
  "code",
  "codeverifier",
  "clientsecret",
  "secret",
  "webhooksecret",
  "password",
  "authorization",
  "cookie",
  "setcookie",
  "xapikey",
  "apikey",
]);
const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/;
const MAX_DEPTH = 8;

// Every pattern above needs one of these substrings; a text without any (most ids, URLs and messages) is returned
// as it is after one scan instead of four replacements. Keep it in step with the patterns.
const MAYBE_SECRET =
  /act\.|rft\.|clt\.|bearer|basic|eyJ|token|secret|passw|verifier|authorization|api[_-]?key|cookie|code/i;

/** Masks token-shaped substrings and `secret-name=value` pairs in free text. */
export function maskSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(TIKTOK_TOKEN, `$1.${REDACTED}`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(SECRET_ASSIGNMENT, (match, key: string, separator: string, value: string) =>
      // Upper-case snake values are error codes (`code: E_TIKTOK_KEY_MISMATCH`), not secrets.
      ERROR_CODE.test(value) ? match : `${key}${separator}${REDACTED}`,
    );
}

// Log lines repeat a small set of property names: each is normalized once. Bounded, so odd keys cannot grow it.
const keyVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 2_000;

/** True when a property with this name holds a secret (`access_token`, `accessToken`, `x-api-key`, …). */
export function isSensitiveKey(key: string): boolean {
  const known = keyVerdicts.get(key);
  if (known !== undefined) return known;
  const verdict = SENSITIVE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ""));
  if (keyVerdicts.size < MAX_REMEMBERED_KEYS) keyVerdicts.set(key, verdict);
  return verdict;
}

/**
 * Returns a copy of `value` with sensitive properties replaced at any depth, strings masked with
 * {@link maskSecrets} and errors turned into plain `{ type, message, stack, … }` objects. The input is not changed.
 */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Date || Buffer.isBuffer(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = redactProperty(key, item, depth, seen);
    return copy;
  } finally {
    seen.delete(value);
  }
}

function redactProperty(key: string, item: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (!isSensitiveKey(key) || item === undefined || item === null) return redactDeep(item, depth + 1, seen);
  // `code` is both the OAuth authorization code and our error code; only the former is secret.
  if (key === "code" && (typeof item === "number" || (typeof item === "string" && ERROR_CODE.test(item)))) {
    return item;
  }
  return REDACTED;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const plain: Record<string, unknown> = {
    type: error.name,
    message: maskSecrets(error.message),
    ...(error.stack ? { stack: maskSecrets(error.stack) } : {}),
  };
  for (const [key, item] of Object.entries(error)) plain[key] = redactProperty(key, item, depth, seen);
  if (error.cause !== undefined) plain.cause = redactDeep(error.cause, depth + 1, seen);
  return plain;
}
