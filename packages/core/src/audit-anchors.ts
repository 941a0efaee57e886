import { type AuditRepo, COLLECTIONS } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { Db } from "mongodb";
import { z } from "zod";
import type { AuditMac } from "./audit-mac";

/**
 * A checkpoint of the audit chain's head: "entry `seq` had hash `hash`", MAC'd with a KMS key. The chain makes
 * every entry depend on all earlier ones, so one valid anchor pins the whole prefix up to `seq`.
 */
export const AuditAnchorSchema = z.object({
  _id: z.string().regex(/^anc_\d+$/),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.date(),
  keyId: z.string().min(1),
  mac: z.string().min(1),
});
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>;

/** Why an anchored verify failed, beyond the chain's own reasons. */
export type AnchorProblem = "chain_broken" | "anchor_invalid" | "anchor_forged" | "anchor_mismatch" | "anchor_stale";

export type AnchoredVerifyResult =
  | { ok: true; checked: number; lastSeq: number; anchoredSeq?: number; anchoredAt?: Date }
  | { ok: false; problem: AnchorProblem; seq?: number; detail: string };

export interface AuditAnchorDeps {
  db: Db;
  audit: Pick<AuditRepo, "verify">;
  mac: AuditMac;
  now?: () => Date;
  logger?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

const TailSchema = z.object({ seq: z.number().int().positive(), hash: z.string(), at: z.date() });

// Versioned and newline-separated, so no field can be shifted into another.
const anchorMessage = (a: Pick<AuditAnchor, "seq" | "hash" | "at">) =>
  Buffer.from(`trendpot-audit-anchor-v1\n${a.seq}\n${a.hash}\n${a.at.toISOString()}`, "utf8");

/** Anchors the current head; idempotent (one anchor per seq) and safe from any number of processes. */
export async function checkpointAuditHead(deps: AuditAnchorDeps): Promise<AuditAnchor | undefined> {
  const anchors = deps.db.collection<AuditAnchor>(COLLECTIONS.auditAnchors);
  const tailDoc = await deps.db
    .collection(COLLECTIONS.auditLogs)
    .findOne({}, { sort: { seq: -1 }, projection: { seq: 1, hash: 1, at: 1 } });
  if (!tailDoc) return undefined;
  const tail = TailSchema.parse(tailDoc);
  const existing = await anchors.findOne({ _id: `anc_${tail.seq}` });
  if (existing) return AuditAnchorSchema.parse(existing);
  // Never anchor a chain that no longer checks out: that would bless a rewrite made since the last anchor. Only
  // the part after the previous (checked) anchor needs walking.
  const previous = await checkNewestAnchor(deps);
  const segment = previous.ok ? await deps.audit.verify({ fromSeq: previous.anchor?.seq ?? 1 }) : undefined;
  if (!previous.ok || !segment?.ok) {
    const problem = previous.ok ? "chain_broken" : previous.problem;
    deps.logger?.error({ problem }, "audit head not anchored: verify failed");
    throw new AppError("CONFLICT", { message: `The audit chain does not verify (${problem}); not anchored.` });
  }
  const at = (deps.now ?? (() => new Date()))();
  const unsigned = { _id: `anc_${tail.seq}`, seq: tail.seq, hash: tail.hash, at, keyId: deps.mac.keyId };
  const anchor: AuditAnchor = { ...unsigned, mac: (await deps.mac.mac(anchorMessage(unsigned))).toString("base64") };
  try {
    await anchors.insertOne(anchor);
  } catch (error) {
    // Another process anchored the same head first: theirs stands.
    if ((error as { code?: number }).code !== 11000) throw error;
    return AuditAnchorSchema.parse(await anchors.findOne({ _id: anchor._id }));
  }
  // A copy in the log stream: a record of the head kept outside MongoDB, wherever logs are shipped.
  deps.logger?.info({ seq: anchor.seq, hash: anchor.hash, mac: anchor.mac }, "audit head anchored");
  return anchor;
}

/**
 * Verifies the whole chain, then the newest anchor: its MAC (KMS), that the entry at its seq still has its hash
 * (a rewritten or truncated tail fails here even when the chain was re-hashed), and that no entry after it is
 * older than `maxAnchorAgeMs` (checkpoints stopped, or recent anchors were deleted to shorten the pinned part).
 */
export async function verifyAnchoredAuditChain(
  deps: AuditAnchorDeps,
  options: { maxAnchorAgeMs: number },
): Promise<AnchoredVerifyResult> {
  const chain = await deps.audit.verify({});
  if (!chain.ok) return fail("chain_broken", `${chain.reason} at seq ${chain.firstBrokenSeq}`, chain.firstBrokenSeq);
  const newest = await checkNewestAnchor(deps);
  if (!newest.ok) return newest;
  const anchoredSeq = newest.anchor?.seq ?? 0;
  const firstUnanchored = TailSchema.safeParse(
    await deps.db.collection(COLLECTIONS.auditLogs).findOne({ seq: anchoredSeq + 1 }),
  );
  const now = (deps.now ?? (() => new Date()))().getTime();
  if (firstUnanchored.success && now - firstUnanchored.data.at.getTime() > options.maxAnchorAgeMs) {
    return fail("anchor_stale", `entry ${anchoredSeq + 1} is older than the anchor interval and not anchored`);
  }
  return {
    ok: true,
    checked: chain.checked,
    lastSeq: chain.lastSeq,
    ...(newest.anchor ? { anchoredSeq: newest.anchor.seq, anchoredAt: newest.anchor.at } : {}),
  };
}

type NewestAnchor = { ok: true; anchor?: AuditAnchor } | Extract<AnchoredVerifyResult, { ok: false }>;

/** The newest anchor, checked: well-formed, MAC valid, and the entry at its seq still carries its hash. */
async function checkNewestAnchor(deps: AuditAnchorDeps): Promise<NewestAnchor> {
  const newest = await deps.db.collection(COLLECTIONS.auditAnchors).find({}).sort({ seq: -1 }).limit(1).next();
  if (!newest) return { ok: true };
  const parsed = AuditAnchorSchema.safeParse(newest);
  if (!parsed.success) return fail("anchor_invalid", "the newest anchor does not have the anchor shape");
  const anchor = parsed.data;
  const valid = await deps.mac.verify(anchorMessage(anchor), Buffer.from(anchor.mac, "base64"));
  if (!valid) return fail("anchor_forged", "the newest anchor's MAC is not the KMS key's", anchor.seq);
  const entry = await deps.db.collection(COLLECTIONS.auditLogs).findOne({ seq: anchor.seq });
  if (!entry || entry.hash !== anchor.hash) {
    return fail("anchor_mismatch", "the entry at the anchored seq is gone or has another hash", anchor.seq);
  }
  return { ok: true, anchor };
}

function fail(problem: AnchorProblem, detail: string, seq?: number): Extract<AnchoredVerifyResult, { ok: false }> {
  return { ok: false, problem, detail, ...(seq === undefined ? {} : { seq }) };
}
