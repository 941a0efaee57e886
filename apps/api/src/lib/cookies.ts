/** Reads one cookie from a Cookie header (no dependency needed for the two cookies the consent flow sets). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax (sent on TikTok's top-level redirect back), Secure over https. */
export function cookie(
  name: string,
  value: string,
  options: { path: string; maxAgeSec: number; secure: boolean },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`, `Max-Age=${options.maxAgeSec}`];
  parts.push("HttpOnly", "SameSite=Lax");
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}
