// TikTok's tokens carry these prefixes; anything shaped like one is hidden even when we were not told about it.
const TOKEN_SHAPE = /\b(?:act|rft|clt)\.[A-Za-z0-9._~\-!*]+/g;
const MAX_TEXT_LENGTH = 300;

/**
 * Removes every known secret and anything shaped like a TikTok token from text that came back from TikTok, and
 * caps its length, so it can go into an error's details or a log line.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join("[redacted]");
  }
  result = result.replace(TOKEN_SHAPE, "[redacted]");
  return result.length > MAX_TEXT_LENGTH ? `${result.slice(0, MAX_TEXT_LENGTH)}…` : result;
}
