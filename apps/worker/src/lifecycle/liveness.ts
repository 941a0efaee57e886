import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** When this process last completed a job, per queue; queues start at the process start time. */
export interface CompletionTracker {
  record(queue: string, at?: number): void;
  byQueue(): Record<string, number>;
}

export function createCompletionTracker(queues: readonly string[], startedAt: number = Date.now()): CompletionTracker {
  const last = new Map<string, number>(queues.map((queue) => [queue, startedAt]));
  return {
    record(queue, at = Date.now()) {
      last.set(queue, Math.max(last.get(queue) ?? 0, at));
    },
    byQueue: () => Object.fromEntries(last),
  };
}

/** The verdict of one liveness check. */
export interface LivenessReport {
  live: boolean;
  /** Queues with waiting jobs and no completion within the stall limit. */
  stalled: { queue: string; waiting: number; sinceLastCompletionMs: number }[];
}

/**
 * Live unless some queue has waiting jobs while nothing on it completed for `stallAfterMs`. Jobs parked as
 * delayed (backoff, exhausted day budget) are not waiting, so a budget-starved worker is not reported dead.
 */
export async function checkLiveness(input: {
  waitingByQueue: () => Promise<Record<string, number>>;
  tracker: CompletionTracker;
  stallAfterMs: number;
  now?: number;
}): Promise<LivenessReport> {
  const now = input.now ?? Date.now();
  const waiting = await input.waitingByQueue();
  const completed = input.tracker.byQueue();
  const stalled = Object.entries(waiting)
    .map(([queue, count]) => ({ queue, waiting: count, sinceLastCompletionMs: now - (completed[queue] ?? 0) }))
    .filter((entry) => entry.waiting > 0 && entry.sinceLastCompletionMs > input.stallAfterMs);
  return { live: stalled.length === 0, stalled };
}

/** A tiny HTTP server: `GET /live` answers 200 or 503 with the report as JSON. */
export async function startLivenessServer(options: {
  host: string;
  port: number;
  check: () => Promise<LivenessReport>;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/live") {
      response.writeHead(404).end();
      return;
    }
    options.check().then(
      (report) => {
        response.writeHead(report.live ? 200 : 503, { "content-type": "application/json" });
        response.end(JSON.stringify(report));
      },
      () => {
        response.writeHead(503, { "content-type": "application/json" });
        response.end(JSON.stringify({ live: false, error: "liveness check failed" }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
