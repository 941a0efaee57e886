import { ConfigError } from "./env";

/** The redirect URI TikTok sends creators back to: TIKTOK_DISPLAY_OAUTH_REDIRECT, when set, wins over TIKTOK_REDIRECT_URI. */
export function resolveRedirectUri(env: {
  TIKTOK_DISPLAY_OAUTH_REDIRECT?: string;
  TIKTOK_REDIRECT_URI?: string;
}): string {
  const uri = env.TIKTOK_DISPLAY_OAUTH_REDIRECT ?? env.TIKTOK_REDIRECT_URI;
  if (!uri) {
    throw new ConfigError([
      { variable: "TIKTOK_DISPLAY_OAUTH_REDIRECT", problem: "or TIKTOK_REDIRECT_URI must be set" },
    ]);
  }
  return uri;
}

/** Checks that the client secret is given one way or the other (plain or KMS-encrypted), not both. */
export function checkClientSecret(env: {
  TIKTOK_CLIENT_SECRET?: string;
  TIKTOK_CLIENT_SECRET_ENCRYPTED?: string;
}): void {
  if (!env.TIKTOK_CLIENT_SECRET && !env.TIKTOK_CLIENT_SECRET_ENCRYPTED) {
    throw new ConfigError([
      { variable: "TIKTOK_CLIENT_SECRET", problem: "or TIKTOK_CLIENT_SECRET_ENCRYPTED must be set" },
    ]);
  }
  if (env.TIKTOK_CLIENT_SECRET && env.TIKTOK_CLIENT_SECRET_ENCRYPTED) {
    throw new ConfigError([
      { variable: "TIKTOK_CLIENT_SECRET_ENCRYPTED", problem: "must not be set together with TIKTOK_CLIENT_SECRET" },
    ]);
  }
}

export type ApiKeyRole = "platform" | "compliance" | "ops";

export interface ApiKeyEntry {
  name: string;
  role: ApiKeyRole;
  /** Lowercase hex SHA-256 of the key; the key itself is never configured or stored. */
  sha256: string;
}

/** Parses API_KEYS entries (`name:role:sha256hex`). */
export function parseApiKeys(entries: readonly string[]): ApiKeyEntry[] {
  const problems: string[] = [];
  const keys: ApiKeyEntry[] = [];
  entries.forEach((entry, index) => {
    const [name, role, sha256, ...extra] = entry.split(":");
    if (!name || !role || !sha256 || extra.length > 0) problems.push(`entry ${index + 1} must be name:role:sha256hex`);
    else if (role !== "platform" && role !== "compliance" && role !== "ops")
      problems.push(`entry ${index + 1} has an unknown role`);
    else if (!/^[0-9a-f]{64}$/.test(sha256))
      problems.push(`entry ${index + 1} must end with a 64-character lowercase hex SHA-256`);
    else keys.push({ name, role, sha256 });
  });
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => ({ variable: "API_KEYS", problem })));
  return keys;
}
