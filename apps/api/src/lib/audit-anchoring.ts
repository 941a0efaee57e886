import { type AuditMac, checkpointAuditHead, verifyAnchoredAuditChain } from "@trendpot/core";
import type { FastifyBaseLogger } from "fastify";
import type { ApiDeps } from "../deps";

/**
 * How old an unanchored entry may get before verify calls the anchors stale: two checkpoint intervals and a
 * minute, so one missed or slow checkpoint is not an alarm, but stopped checkpoints (or deleted anchors) are.
 */
export function anchorMaxAgeMs(intervalMs: number): number {
  return 2 * intervalMs + 60_000;
}

/**
 * Checkpoints the audit head every `intervalMs` (KMS-MAC'd anchors). Every api instance may run it: one anchor
 * per head, whoever is first. Ticks never overlap; a failed tick is logged and the next one tries again.
 */
export function startAuditAnchoring(input: {
  deps: Pick<ApiDeps, "db" | "audit" | "now">;
  mac: AuditMac;
  intervalMs: number;
  logger: FastifyBaseLogger;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = checkpointAuditHead({ ...input.deps, mac: input.mac, logger: input.logger })
      .catch((error: unknown) => input.logger.error({ err: error }, "audit checkpoint failed"))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, input.intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/** The anchor part of `GET /v1/audit-logs/verify`: "disabled" without `AUDIT_ANCHOR_KEY_ID`. */
export async function verifyAnchors(
  deps: Pick<ApiDeps, "db" | "audit" | "now" | "auditMac">,
  intervalMs: number,
): Promise<{ status: "ok" | "failed" | "disabled"; anchoredSeq?: number; problem?: string; detail?: string }> {
  if (!deps.auditMac) return { status: "disabled" };
  const result = await verifyAnchoredAuditChain(
    { db: deps.db, audit: deps.audit, now: deps.now, mac: deps.auditMac },
    { maxAnchorAgeMs: anchorMaxAgeMs(intervalMs) },
  );
  if (!result.ok) return { status: "failed", problem: result.problem, detail: result.detail };
  return { status: "ok", ...(result.anchoredSeq === undefined ? {} : { anchoredSeq: result.anchoredSeq }) };
}
