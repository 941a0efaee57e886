/** Who did something: a platform API key, an ops or compliance key, TikTok itself (webhooks) or the system. */
export interface AuditActor {
  type: "api_key" | "tiktok" | "system" | "creator";
  /** API key name, "tiktok", the job name, or the platform user id for a creator. */
  id: string;
}

/** What every audit write takes. The audit log stores it append-only in a hash chain. */
export interface AuditEntryInput {
  actor: AuditActor;
  /** Dotted verb, e.g. `consent.granted`, `account.revoked`, `token.refresh_failed`, `audit.exported`. */
  action: string;
  target?: { accountId?: string; userId?: string; openId?: string };
  reason?: string;
  requestId?: string;
  /** Non-secret facts only (scopes, counts, codes). Never tokens, codes or secrets. */
  details?: Record<string, unknown>;
}

/** Anything that can append to the audit log (the audit repository, or a capture in tests). */
export type AuditWriter = (entry: AuditEntryInput) => Promise<void>;
