import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { readWorkerHeartbeat } from "@trendpot/core";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { createTikTokSandbox } from "@trendpot/tiktok-sandbox";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { workerEnv } from "./testing/harness";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("main", () => {
  it("boots with telemetry, serves /live and Prometheus, beats, and exits 0 on SIGTERM", async () => {
    const services = testServices();
    const sandbox = await createTikTokSandbox({ seed: false });
    const name = uniqueName("wk_main");
    const redis = new Redis(services.redis.url);
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: { ...process.env, ...workerEnv(services, sandbox, name, { METRICS_PORT: "0", LOG_LEVEL: "info" }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const started = await new Promise<{ livenessUrl: string; prometheusUrl: string }>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += String(chunk);
          const line = out.split("\n").find((entry) => entry.includes('"worker started"'));
          if (line) resolve(JSON.parse(line) as { livenessUrl: string; prometheusUrl: string });
        });
        child.once("exit", (code) => reject(new Error(`worker exited early with ${code}: ${out}`)));
      });

      expect((await fetch(`${started.livenessUrl}/live`)).status).toBe(200);
      const scrape = await (await fetch(started.prometheusUrl)).text();
      expect(scrape).toContain("tiktok_display_budget_remaining");
      expect(scrape).toContain('tiktok_queue_depth{queue="tiktok-ingestion"');
      expect((await readWorkerHeartbeat(redis, name.slice(0, 40))).fresh).toBe(true);

      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      redis.disconnect();
      await sandbox.close();
    }
  });
});
