import { Agent, get } from "node:http";

export interface LoadResult {
  requests: number;
  /** Status code → count. */
  statuses: Record<string, number>;
  durationMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * A closed-loop load generator: `concurrency` loops, each sending the next path as soon as the previous answer
 * arrived, over keep-alive connections, for `durationMs`. Latency is measured per request.
 */
export async function runLoad(input: {
  baseUrl: string;
  headers: Record<string, string>;
  paths: readonly string[];
  concurrency: number;
  durationMs: number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: input.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + input.durationMs;
  let next = 0;
  const request = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const call = get(new URL(path, input.baseUrl), { agent, headers: input.headers }, (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? 0));
      });
      call.once("error", reject);
    });
  const loop = async () => {
    while (performance.now() < deadline) {
      const path = input.paths[next % input.paths.length] ?? "/health";
      next += 1;
      const t0 = performance.now();
      let status: string;
      try {
        status = String(await request(path));
      } catch {
        status = "network-error";
      }
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, loop));
  agent.destroy();
  const durationMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    statuses,
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((latencies.length / durationMs) * 1000),
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}
