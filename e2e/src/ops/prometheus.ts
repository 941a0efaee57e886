import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, projectRoot, toolPath } from "@trendpot/dev-services";
import { waitFor } from "../harness/wait";

export interface PromRule {
  name: string;
  query: string;
  type: "recording" | "alerting";
  health: string;
  lastError?: string;
}

export interface Prometheus {
  /** Instant query; resolves with the result's series (empty when there is no data). */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  rules(): Promise<PromRule[]>;
  stop(): Promise<void>;
}

/**
 * The real Prometheus scraping only the Collector every second, with the repository's alert rules. The
 * repository's prometheus.yml scrapes the apps directly and so drops the Collector's copy of their series; here
 * the Collector is the only path, so only its unit-suffix rewrite is kept.
 */
export async function startPrometheus(dir: string, collectorTarget: string): Promise<Prometheus> {
  const config = join(dir, "prometheus.yml");
  writeFileSync(
    config,
    `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: ["${join(projectRoot(), "ops", "prometheus", "alerts.yml")}"]
scrape_configs:
  - job_name: otel-collector
    honor_labels: true
    static_configs: [{ targets: ["${collectorTarget}"] }]
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: "(tiktok_.+)_seconds(_bucket|_sum|_count)?"
        target_label: __name__
        replacement: "$1$2"
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const binary = await toolPath("prometheus");
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, "prom-data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: "ignore" },
  );
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  await waitFor(async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok, {
    description: "Prometheus /-/ready",
    timeoutMs: 30_000,
    abortIf: () => (child.exitCode === null ? undefined : `prometheus exited with ${child.exitCode}`),
  });
  return {
    query: async (expr) =>
      (
        await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).result,
    rules: async () =>
      (await api<{ groups: Array<{ rules: PromRule[] }> }>("/api/v1/rules")).groups.flatMap((g) => g.rules),
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(force);
          resolveStop();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Every panel query of the repository's Grafana dashboards, `$__rate_interval` set to one minute. */
export function dashboardQueries(dashboards: Array<{ panels?: unknown[] }>): Array<{ panel: string; expr: string }> {
  type Panel = { title?: string; panels?: Panel[]; targets?: Array<{ expr?: string }> };
  const walk = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return dashboards.flatMap((d) =>
    walk((d.panels ?? []) as Panel[]).flatMap((p) =>
      (p.targets ?? []).flatMap((t) =>
        t.expr ? [{ panel: p.title ?? "", expr: t.expr.replaceAll("$__rate_interval", "1m") }] : [],
      ),
    ),
  );
}
