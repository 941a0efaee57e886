import { Readable } from "node:stream";
import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { actorOf } from "../../lib/actor";
import { verifyAnchors } from "../../lib/audit-anchoring";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AUTHED_ERRORS, DateTimeQuery, PageQuerySchema } from "../schemas";

const RangeSchema = z.object({ from: DateTimeQuery.optional(), to: DateTimeQuery.optional() });
const ListQuerySchema = PageQuerySchema.extend(RangeSchema.shape).extend({
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  accountId: z.string().min(1).max(100).optional(),
  userId: z.string().min(1).max(200).optional(),
});
const EntrySchema = z.object({
  id: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string() }),
  action: z.string(),
  target: z
    .object({ accountId: z.string().optional(), userId: z.string().optional(), openId: z.string().optional() })
    .optional(),
  reason: z.string().optional(),
  requestId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  hash: z.string(),
});
const VerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  lastSeq: z.number().optional(),
  firstBrokenSeq: z.number().optional(),
  reason: z.string().optional(),
  // Only for a whole-log verify ("skipped" for a range): the newest KMS-MAC'd anchor of the chain's head.
  anchors: z
    .object({
      status: z.enum(["ok", "failed", "disabled", "skipped"]),
      anchoredSeq: z.number().optional(),
      problem: z.string().optional(),
      detail: z.string().optional(),
    })
    .optional(),
});

function checkRange(range: { from?: Date | undefined; to?: Date | undefined }): void {
  if (range.from && range.to && range.from > range.to)
    throw new AppError("VALIDATION_FAILED", { message: "from must be before to." });
}

/** Compliance: list, export (NDJSON, CSV) and verify the hash-chained audit log. Exports and checks are audited. */
export function auditLogRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const common = { tags: ["audit"], security: API_KEY_SECURITY };
  return async (app) => {
    app.get(
      "/v1/audit-logs",
      {
        config: { roles: ROLES.compliance },
        schema: {
          ...common,
          summary: "Audit entries, newest first",
          querystring: ListQuerySchema,
          response: {
            200: z.object({ items: z.array(EntrySchema), nextCursor: z.string().optional() }),
            ...AUTHED_ERRORS,
          },
        },
      },
      async (request) => {
        const { actor, action, accountId, userId, from, to, limit, cursor } = request.query;
        checkRange({ from, to });
        const page = await deps.audit.query({
          limit,
          ...(actor ? { actorId: actor } : {}),
          ...(action ? { action } : {}),
          ...(accountId ? { accountId } : {}),
          ...(userId ? { userId } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return {
          items: page.items.map((entry) => ({
            id: entry._id,
            seq: entry.seq,
            at: entry.at.toISOString(),
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            reason: entry.reason,
            requestId: entry.requestId,
            details: entry.details as Record<string, unknown> | undefined,
            hash: entry.hash,
          })),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        };
      },
    );

    app.get(
      "/v1/audit-logs/export",
      {
        config: { roles: ROLES.compliance },
        schema: {
          ...common,
          summary: "Stream a range as NDJSON (canonical entries, re-verifiable) or CSV",
          querystring: RangeSchema.extend({ format: z.enum(["ndjson", "csv"]).default("ndjson") }),
        },
      },
      async (request, reply) => {
        const { from, to, format } = request.query;
        checkRange({ from, to });
        await deps.auditWriter({
          actor: actorOf(request),
          action: "audit.exported",
          requestId: request.id,
          details: { format, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
        });
        const stream = Readable.from(
          deps.audit.exportStream({ format, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
        );
        const type = format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
        return reply
          .type(type)
          .header("content-disposition", `attachment; filename="audit-log.${format}"`)
          .header("cache-control", "no-store")
          .send(stream);
      },
    );

    app.get(
      "/v1/audit-logs/verify",
      {
        config: { roles: ROLES.compliance },
        schema: {
          ...common,
          summary: "Check the hash chain over a range; reports the first broken link",
          querystring: RangeSchema,
          response: { 200: VerifySchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        checkRange({ from, to });
        const chain = await deps.audit.verify({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
        const anchors =
          from || to ? { status: "skipped" as const } : await verifyAnchors(deps, deps.config.AUDIT_ANCHOR_INTERVAL_MS);
        const result = { ...chain, ...(anchors.status === "failed" ? { ok: false } : {}), anchors };
        await deps.auditWriter({
          actor: actorOf(request),
          action: "audit.verified",
          requestId: request.id,
          details: {
            ok: result.ok,
            checked: result.checked,
            ...(chain.ok ? {} : { firstBrokenSeq: chain.firstBrokenSeq }),
            anchors: anchors.status,
          },
        });
        return result;
      },
    );
  };
}
