import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { describe, expect, it } from "vitest";
import { maxInAnyWindow } from "./test-helpers";

const services = testServices();
const child = fileURLToPath(new URL("./hammer-child.ts", import.meta.url));

function runChild(input: Record<string, unknown>): Promise<{ stamps: number[]; maxHolding: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, JSON.stringify(input)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out.trim()));
      else reject(new Error(`hammer exited with ${code}: ${err.slice(-2_000)}`));
    });
  });
}

describe("three processes sharing one budget", () => {
  it("keep every sliding window and the in-flight cap within the limits", async () => {
    const input = {
      url: services.redis.url,
      keyPrefix: uniqueName("budget"),
      perMinute: 5,
      perDay: 10_000,
      maxInFlight: 2,
      windowMs: 300,
      calls: 12,
      concurrency: 3,
      holdMs: 3,
    };
    const results = await Promise.all([runChild(input), runChild(input), runChild(input)]);
    const stamps = results.flatMap((result) => result.stamps);
    expect(stamps).toHaveLength(36);
    for (const result of results) expect(result.stamps).toHaveLength(12);
    expect(maxInAnyWindow(stamps, input.windowMs)).toBeLessThanOrEqual(input.perMinute);
    expect(Math.max(...results.map((result) => result.maxHolding))).toBeLessThanOrEqual(input.maxInFlight);
  }, 60_000);
});
