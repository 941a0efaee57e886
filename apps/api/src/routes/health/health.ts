import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps, ReadinessCheck } from "../../deps";

const CheckResultSchema = z.object({
  status: z.enum(["ok", "failed"]),
  latencyMs: z.number(),
  error: z.string().optional(),
});

const ReadyResponseSchema = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.record(z.string(), CheckResultSchema),
});

// Liveness is status, timestamp, uptime, version and environment, and nothing more: no dependency details, hosts, keys or configuration.
const HealthResponseSchema = z.object({
  status: z.literal("ok"),
  timestamp: z.iso.datetime(),
  uptimeSec: z.number().nonnegative(),
  version: z.string(),
  environment: z.string(),
});

// A dependency that does not answer within this time counts as down: readiness must answer quickly itself.
const CHECK_TIMEOUT_MS = 2_000;

/** Liveness (`/health`: the process answers) and readiness (`/ready`: every dependency answers). */
export function healthRoutes(deps: Pick<ApiDeps, "checks" | "config" | "now">): FastifyPluginAsyncZod {
  const { checks } = deps;
  return async (app) => {
    app.get(
      "/health",
      {
        schema: {
          tags: ["health"],
          summary: "Liveness: status, time, uptime, version and deployment environment",
          response: { 200: HealthResponseSchema },
        },
      },
      async () => ({
        status: "ok" as const,
        timestamp: deps.now().toISOString(),
        uptimeSec: Math.round(process.uptime() * 10) / 10,
        version: deps.config.version,
        environment: deps.config.DEPLOYMENT_ENV,
      }),
    );
    app.get(
      "/ready",
      {
        schema: {
          tags: ["health"],
          summary: "Readiness: MongoDB, Redis, KMS and the worker heartbeat",
          response: { 200: ReadyResponseSchema, 503: ReadyResponseSchema },
        },
      },
      async (_request, reply) => {
        const results = await Promise.all(checks.map(runCheck));
        const body = {
          status: results.every((r) => r.result.status === "ok") ? ("ready" as const) : ("not_ready" as const),
          checks: Object.fromEntries(results.map((r) => [r.name, r.result])),
        };
        return reply.status(body.status === "ready" ? 200 : 503).send(body);
      },
    );
  };
}

async function runCheck(check: ReadinessCheck): Promise<{ name: string; result: z.infer<typeof CheckResultSchema> }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, result: { status: "ok", latencyMs: elapsed(started) } };
  } catch (error) {
    // The message is ours or the driver's: connection-level text, never credentials.
    const message = error instanceof Error ? error.message.slice(0, 200) : "failed";
    return { name: check.name, result: { status: "failed", latencyMs: elapsed(started), error: message } };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
