import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { metrics } from "@opentelemetry/api";
import { toolPath } from "@trendpot/dev-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerGauges } from "./gauges";
import { METRIC_NAMES } from "./metric-names";
import { startTelemetry, type Telemetry } from "./start-telemetry";
import { createTikTokMetrics } from "./tiktok-metrics";

const OPS = join(dirname(fileURLToPath(import.meta.url)), "../../../ops");
const PROMETHEUS_DIR = join(OPS, "prometheus");
const run = promisify(execFile);

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(await toolPath("promtool"), args, { cwd: PROMETHEUS_DIR });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(" ")} failed:\n${failure.stdout ?? ""}${failure.stderr ?? ""}`);
  }
}

describe("ops/prometheus with promtool", () => {
  it("passes the alert unit tests (3 spikes in an hour stay quiet, 4 fire; every other rule fires and stays quiet)", async () => {
    const output = await promtool("test", "rules", "alerts.test.yml");
    expect(output).toContain("SUCCESS");
  });

  it("has valid rules and a valid Prometheus config", async () => {
    expect(await promtool("check", "rules", "alerts.yml")).toMatch(/SUCCESS: 11 rules found/);
    expect(await promtool("check", "config", "prometheus.yml")).toContain("valid prometheus config");
  });
});

describe("metric names used by ops/ match what the exporter serves", () => {
  let telemetry: Telemetry;
  let served: Set<string>;

  beforeAll(async () => {
    telemetry = await startTelemetry({
      serviceName: "trendpot-worker",
      serviceVersion: "0.0.0",
      environment: "test",
      prometheusPort: 0,
      prometheusHost: "127.0.0.1",
      autoInstrumentation: false,
    });
    recordEverything();
    const body = await (await fetch(telemetry.prometheusUrl as string)).text();
    served = new Set(body.split("\n").flatMap((line) => line.match(/^(tiktok_[a-z_]+)[{ ]/)?.[1] ?? []));
  });
  afterAll(() => telemetry.shutdown());

  it("serves every agreed metric under its Prometheus name", () => {
    expect([...served].sort()).toEqual(
      [
        "tiktok_accounts",
        "tiktok_display_budget_in_flight",
        "tiktok_display_budget_remaining",
        "tiktok_display_rate_limit_exceeded_total",
        "tiktok_display_request_duration_bucket",
        "tiktok_display_request_duration_count",
        "tiktok_display_request_duration_sum",
        "tiktok_display_requests_total",
        "tiktok_ingestion_videos_total",
        "tiktok_jobs_completed_total",
        "tiktok_jobs_failed_total",
        "tiktok_queue_depth",
        "tiktok_queue_oldest_waiting_age",
        "tiktok_sanitizer_rejected_total",
        "tiktok_sync_lag",
        "tiktok_token_key_mismatch_total",
        "tiktok_token_refresh_expiring",
        "tiktok_token_refresh_total",
        "tiktok_token_previous_key_credentials",
        "tiktok_webhook_refused_total",
        "tiktok_worker_last_job_completed_time",
      ].sort(),
    );
    expect(served.size).toBeGreaterThanOrEqual(Object.keys(METRIC_NAMES).length);
  });

  it.each(["prometheus/alerts.yml", "prometheus/alerts.test.yml", "grafana/dashboards/trendpot.json", "README.md"])(
    "%s only queries served metric names",
    (file) => {
      const text = readFileSync(join(OPS, file), "utf8");
      const used = new Set(text.match(/\btiktok_[a-z_]+\b/g) ?? []);
      expect(used.size).toBeGreaterThan(0);
      expect([...used].filter((name) => !served.has(name))).toEqual([]);
    },
  );

  it("gives the dashboard a panel with a query for each agreed metric", () => {
    const dashboard = JSON.parse(readFileSync(join(OPS, "grafana/dashboards/trendpot.json"), "utf8")) as {
      uid: string;
      panels: Array<{ id: number; targets?: Array<{ expr: string }> }>;
    };
    expect(dashboard.uid).toBe("trendpot-tiktok");
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queries = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .map((target) => target.expr)
      .join("\n");
    for (const name of served) {
      if (name.endsWith("_count") || name.endsWith("_sum")) continue;
      expect(queries, name).toContain(name);
    }
  });
});

function recordEverything(): void {
  const recorders = createTikTokMetrics(undefined, { queues: ["tiktok-ingestion"] });
  recorders.requests.add(1, { endpoint: "video.list", outcome: "success" });
  recorders.requestDuration.record(0.1, { endpoint: "video.list", outcome: "success" });
  recorders.tokenRefresh.add(1, { outcome: "success" });
  recorders.ingestionVideos.add(1, { outcome: "upserted" });
  recorders.sanitizerRejected.add(1, { reason: "script_tag" });
  registerGauges(metrics.getMeter("test"), {
    budget: () => ({ minuteRemaining: 80, dayRemaining: 4000, inFlight: 1 }),
    queues: () => [{ queue: "tiktok-ingestion", counts: { waiting: 1 }, oldestWaitingAgeSeconds: 3 }],
    syncLagSeconds: () => 60,
    accountsByStatus: () => ({ active: 1 }),
    refreshExpiring: () => 0,
    credentialsUnderPreviousKey: () => 0,
    lastJobCompletedAt: () => ({ "tiktok-ingestion": Date.now() }),
  });
}
