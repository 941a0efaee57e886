import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, toolPath } from "@trendpot/dev-services";
import { pollUntil } from "./poll";

/** One instant-vector sample of the HTTP API. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing";
  activeAt: string;
  value: string;
}

export interface PromRuleGroup {
  name: string;
  file: string;
  interval: number;
  lastEvaluation: string;
  rules: { name: string; type: "recording" | "alerting"; health: string; lastError?: string; state?: string }[];
}

export interface PromTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: "up" | "down" | "unknown";
  lastError: string;
  lastScrape: string;
  lastScrapeDuration: number;
}

export interface PrometheusServer {
  url: string;
  configFile: string;
  query(expr: string): Promise<PromSample[]>;
  alerts(): Promise<PromAlert[]>;
  ruleGroups(): Promise<PromRuleGroup[]>;
  targets(): Promise<PromTarget[]>;
  /** Rewrites the config file and reloads it; rejects when Prometheus refuses the new config. */
  reload(configYaml: string): Promise<void>;
  /** The server's own log (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts Prometheus on a free loopback port with `configYaml` written into `dir`; resolves once it is ready. */
export async function startPrometheus(input: { dir: string; configYaml: string }): Promise<PrometheusServer> {
  const binary = await toolPath("prometheus");
  const configFile = join(input.dir, "prometheus.yml");
  writeFileSync(configFile, input.configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(input.dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // POST /-/reload answers only after the new rules are loaded (SIGHUP would not say when, or whether).
      "--web.enable-lifecycle",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk) => {
    log = (log + String(chunk)).slice(-20_000);
  });
  const server = prometheusClient(url, configFile, child, () => log);
  try {
    await pollUntil(
      "Prometheus /-/ready",
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${log}`);
        return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, describe: () => log.slice(-2_000) },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function prometheusClient(url: string, configFile: string, child: ChildProcess, log: () => string): PrometheusServer {
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url,
    configFile,
    async query(expr) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      return data.result.map((entry) => ({ metric: entry.metric, value: Number(entry.value[1]) }));
    },
    alerts: async () => (await api<{ alerts: PromAlert[] }>("/api/v1/alerts")).alerts,
    ruleGroups: async () => (await api<{ groups: PromRuleGroup[] }>("/api/v1/rules")).groups,
    targets: async () => (await api<{ activeTargets: PromTarget[] }>("/api/v1/targets?state=active")).activeTargets,
    async reload(configYaml) {
      writeFileSync(configFile, configYaml);
      const response = await fetch(`${url}/-/reload`, { method: "POST" });
      if (!response.ok) throw new Error(`reload refused (${response.status}): ${await response.text()}`);
    },
    log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A scrape config (every 1 s) for one target plus the given rule files, evaluated every 1 s by default. */
export function prometheusConfig(input: { job: string; target: string; ruleFiles: readonly string[] }): string {
  return [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "  evaluation_interval: 1s",
    "rule_files:",
    ...input.ruleFiles.map((file) => `  - ${JSON.stringify(file)}`),
    "scrape_configs:",
    `  - job_name: ${input.job}`,
    "    static_configs:",
    `      - targets: [${JSON.stringify(input.target)}]`,
    "",
  ].join("\n");
}
