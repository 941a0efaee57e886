import type { SanitizerPolicy } from "./policy";

// Embed HTML this process's sanitizer produced, per policy: html → the video it embeds. The stored-embed schema
// checks that re-sanitizing the HTML changes nothing; for HTML the sanitizer itself just wrote that holds by
// construction (sanitizing is idempotent, which the property tests check), so ingestion need not sanitize every
// embed twice. Keyed by content, so a copied object still matches; bounded, oldest forgotten first.
const MAX_REMEMBERED = 2_000;
const produced = new WeakMap<SanitizerPolicy, Map<string, string>>();

/** Records that `html` is the sanitizer's output for `videoId` under `policy`. */
export function rememberCanonical(policy: SanitizerPolicy, html: string, videoId: string): void {
  let seen = produced.get(policy);
  if (!seen) {
    seen = new Map();
    produced.set(policy, seen);
  }
  seen.delete(html);
  seen.set(html, videoId);
  if (seen.size > MAX_REMEMBERED) {
    const oldest = seen.keys().next();
    if (!oldest.done) seen.delete(oldest.value);
  }
}

/** True when the sanitizer produced exactly `html` for `videoId` under `policy` (recently, in this process). */
export function isRememberedCanonical(policy: SanitizerPolicy, html: string, videoId: string): boolean {
  return produced.get(policy)?.get(html) === videoId;
}
