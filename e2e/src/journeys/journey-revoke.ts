import { expect } from "vitest";
import { type AccountView, getAccount, readAllEvents } from "../harness/checks";
import type { Stack } from "../harness/stack";
import { waitFor } from "../harness/wait";

export interface AuditEntry {
  seq: number;
  at: string;
  action: string;
  actor: { type: string; id: string };
  target?: { accountId?: string; userId?: string };
  reason?: string;
}

/**
 * The end state of a revocation, however it came (platform or TikTok): the account is `revoked`, no credentials
 * are left on the account nor mirrored on the user (read from MongoDB directly), and a `prune` of the whole account
 * went out on the stream.
 */
export async function expectRevoked(stack: Stack, accountId: string, userId: string): Promise<AccountView> {
  const account = await waitFor(
    async () => {
      const current = await getAccount(stack, accountId);
      return current.status === "revoked" ? current : undefined;
    },
    { description: `${accountId} to be revoked`, timeoutMs: 30_000, intervalMs: 200 },
  );
  const stored = await stack.db.collection("tiktok_accounts").findOne({ _id: accountId as never });
  // On failure, say what happened around the account (never the encrypted blobs themselves).
  const context = () =>
    JSON.stringify({
      status: stored?.status,
      credentialsVersion: stored?.credentialsVersion,
      updatedAt: stored?.updatedAt,
      revokedAt: stored?.revokedAt,
      revokeReason: stored?.revokeReason,
      tiktok: stack.sandbox.scenario
        .requests()
        .filter((r) => r.openId === account.openId)
        .slice(-8)
        .map((r) => [r.at, r.endpoint, r.status, r.errorCode]),
    });
  expect(stored?.status, context()).toBe("revoked");
  expect(stored?.credentials === undefined, context()).toBe(true);
  const user = await stack.db.collection("users").findOne({ _id: userId as never });
  expect(user).not.toBeNull();
  expect(user?.credentialsMirror === undefined, context()).toBe(true);
  // Revocation prunes every video: listed by id when there were some, as `scope: "account"` when there were none.
  const prunes = await waitFor(
    async () => {
      const found = (await readAllEvents(stack)).filter(
        ({ event }) => event.type === "prune" && event.accountId === accountId,
      );
      return found.length > 0 ? found : undefined;
    },
    { description: `the prune event of ${accountId}`, timeoutMs: 30_000, intervalMs: 200 },
  );
  for (const { event } of prunes) expect(event.userId).toBe(userId);
  expect(await stack.db.collection("videos").countDocuments({ accountId })).toBe(0);
  return account;
}

/** The audit log as compliance exports it (NDJSON), and the chain check. */
export async function exportAudit(stack: Stack): Promise<AuditEntry[]> {
  const exported = await stack.api.get<string>("/v1/audit-logs/export?format=ndjson", "compliance");
  expect(exported.status, exported.text).toBe(200);
  const entries = exported.text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AuditEntry);
  const verify = await stack.api.get<{ ok: boolean }>("/v1/audit-logs/verify", "compliance");
  expect(verify.status, verify.text).toBe(200);
  const chain = entries.map((e) => `${e.seq}:${e.action}:${e.actor.type}:${e.at}`).join(" ");
  expect(verify.body.ok, `${verify.text} chain: ${chain}`).toBe(true);
  return entries;
}

/** The actions recorded about one account or user, in chain order. */
export function storyOf(entries: readonly AuditEntry[], match: { accountId?: string; userId?: string }): AuditEntry[] {
  return entries
    .filter(
      (entry) =>
        (match.accountId !== undefined && entry.target?.accountId === match.accountId) ||
        (match.userId !== undefined && entry.target?.userId === match.userId),
    )
    .sort((a, b) => a.seq - b.seq);
}
