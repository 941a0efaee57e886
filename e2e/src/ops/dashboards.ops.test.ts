import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CollectorService, projectRoot, silentLog, startCollector } from "@trendpot/dev-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountOfUser, creatorOpenId, getAccount, syncAndWait, waitForIngestion } from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";
import { waitFor } from "../harness/wait";
import { refreshMetrics } from "../journeys/journey-connect";
import { dashboardQueries, type Prometheus, startPrometheus } from "./prometheus";

let dir: string;
let collector: CollectorService;
let prometheus: Prometheus;
let stack: Stack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trendpot-ops-"));
  collector = await startCollector({ dir, log: silentLog });
  prometheus = await startPrometheus(dir, collector.metricsTarget);
  stack = await startStack({ name: "ops-dashboards", env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpEndpoint } });
});

afterAll(async () => {
  await stack?.stop();
  await prometheus?.stop();
  await collector?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The demo journey: connect and ingest, refresh, a 429 storm, a refused webhook, a revoke. */
async function demoJourney(): Promise<void> {
  // A second creator stays connected (sync lag is about active accounts), one of their videos with an oEmbed
  // the sanitizer must refuse.
  const stays = creatorOpenId(stack, "mei.runs");
  const [hostile] = stack.sandbox.scenario.videos(stays);
  stack.sandbox.scenario.setFaults({ hostileOembed: { [hostile?.id ?? ""]: "script" } });
  await connectOverHttp(stack, { userId: "user_ops_stays", openId: stays });
  const staysId = (await accountOfUser(stack, "user_ops_stays"))?.id ?? "";
  await waitForIngestion(stack, staysId);
  stack.sandbox.scenario.clearFaults();
  // Its metrics refreshed once, so the sync-lag gauge has an active account to report for the rest of the test
  // (the planner alone may find none of its videos due yet).
  await refreshMetrics(stack, staysId, []);
  const userId = "user_ops_dashboards";
  const connected = await connectOverHttp(stack, { userId, openId: creatorOpenId(stack, "kofi.cooks") });
  expect(connected.status).toBeLessThan(400);
  const accountId = (await accountOfUser(stack, userId))?.id ?? "";
  await waitForIngestion(stack, accountId);
  await refreshMetrics(stack, accountId, []);
  stack.sandbox.scenario.setFaults({ rateLimitStorm: { count: 4, endpoints: ["video.list"] } });
  await syncAndWait(stack, accountId, "ingestion", { timeoutMs: 90_000 });
  stack.sandbox.scenario.clearFaults();
  const refused = await fetch(`${stack.apiUrl}/webhooks/tiktok`, {
    method: "POST",
    headers: { "content-type": "application/json", "tiktok-signature": "t=1,s=00" },
    body: JSON.stringify({ event: "authorization.removed" }),
    signal: AbortSignal.timeout(5_000),
  });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  const revoked = await stack.api.post(`/v1/accounts/${accountId}/revoke`, { reason: "ops dashboard journey" });
  expect(revoked.status, revoked.text).toBe(200);
  expect((await getAccount(stack, accountId)).status).toBe("revoked");
}

function dashboards(): Array<{ panels?: unknown[] }> {
  const folder = join(projectRoot(), "ops", "grafana", "dashboards");
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(join(folder, file), "utf8")) as { panels?: unknown[] });
}

describe("what ops watch is real: the dashboards and alerts over the Collector's metrics", () => {
  it("answers every panel query with data and evaluates every alert over existing series", async () => {
    await demoJourney();
    const panels = dashboardQueries(dashboards());
    expect(panels.length).toBeGreaterThan(20);
    // The apps push every 15 s and Prometheus scrapes every second: wait until every panel has its data.
    await waitFor(
      async () => {
        const empty: string[] = [];
        for (const { panel, expr } of panels)
          if ((await prometheus.query(expr)).length === 0) empty.push(`${panel}: ${expr}`);
        if (empty.length > 0) throw new Error(`panels without data:\n${empty.join("\n")}`);
        return true;
      },
      { description: "data in every dashboard panel", timeoutMs: 90_000, intervalMs: 2_000 },
    );
    // The rule group evaluates once a minute: wait for an evaluation of every rule, then none may have failed.
    const rules = await waitFor(
      async () => {
        const all = await prometheus.rules();
        return all.length > 0 && all.every((r) => r.health !== "unknown") ? all : undefined;
      },
      { description: "one evaluation of every rule", timeoutMs: 90_000, intervalMs: 1_000 },
    );
    expect(rules.filter((r) => r.type === "alerting").length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      expect(rule.health, `${rule.name}: ${rule.lastError ?? ""}`).toBe("ok");
      // The raw series each rule reads (a recording rule's output is checked through that rule's own inputs).
      for (const name of new Set(rule.query.match(/tiktok_[a-z_]+/g) ?? [])) {
        const series = await prometheus.query(`count({__name__="${name}"})`);
        expect(series.length, `${rule.name} reads ${name}, which has no series`).toBe(1);
      }
    }
  });
});
