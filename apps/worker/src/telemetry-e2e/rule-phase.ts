import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pollUntil } from "./poll";
import type { PrometheusServer, PromRuleGroup, PromTarget } from "./prometheus-server";

// Why this exists: the Prometheus Debian 12 ships (2.42) evaluates a rule on whatever samples are visible at the
// evaluation instant. A scrape's samples carry the scrape's *start* time but become visible only when it ends.
// An evaluation that falls inside a scrape misses that scrape's new 429s; the next evaluation then sees them in
// both the current window and the `offset` window, and the spike start is never recorded. (Prometheus 2.53 added
// `rule_query_offset` for this; 2.42 lacks it.) In production the chance is scrape duration / 1 min per spike;
// on the test's 1 s clock it would be scrape duration / 1 s per run. Both phases are fixed for a run: scrapes
// start at hash(target) mod interval, rule groups evaluate at hash(group name, file path) mod interval. So the
// check loads probe groups under the real group name from several paths, measures each one's evaluation phase
// against the scrape phase, and puts the scaled rules at the path whose evaluations land well after scrapes end.

/** Evaluation phase after the scrape start we aim for: room for a slow scrape before, and for jitter after. */
const TARGET_DELTA_MS = 600;
/** Deltas outside this band are refused (a scrape slower than the lower bound could still hide a spike). */
export const SAFE_DELTA_MS = { min: 300, max: 900 } as const;

/** Writes `count` one-rule probe files whose group has the real group's name; returns their paths. */
export function writePhaseProbes(dir: string, groupName: string, count: number): string[] {
  return Array.from({ length: count }, (_unused, index) => {
    const path = join(dir, `rules-${index}.yml`);
    const body = [
      "groups:",
      `  - name: ${JSON.stringify(groupName)}`,
      "    interval: 1s",
      "    rules:",
      `      - record: e2e_phase_probe_${index}`,
      "        expr: vector(1)",
      "",
    ].join("\n");
    writeFileSync(path, body);
    return path;
  });
}

/** Milliseconds within the second of an RFC 3339 timestamp (UTC offsets are whole minutes, so any zone works). */
export function msWithinSecond(timestamp: string): number {
  const fraction = /\.(\d+)/.exec(timestamp)?.[1] ?? "0";
  return Math.floor(Number(`0.${fraction}`) * 1_000);
}

/** How long after a scrape starts the group's evaluations run, in ms within the 1 s interval. */
export function evaluationDelta(target: Pick<PromTarget, "lastScrape">, group: Pick<PromRuleGroup, "lastEvaluation">) {
  return (msWithinSecond(group.lastEvaluation) - msWithinSecond(target.lastScrape) + 1_000) % 1_000;
}

const evaluated = (timestamp: string) => Date.parse(timestamp) > Date.parse("2000-01-01T00:00:00Z");

/** The scraped target of `job` once it has been scraped successfully. */
export function scrapedTarget(prometheus: PrometheusServer, job: string, timeoutMs: number): Promise<PromTarget> {
  return pollUntil(
    `a successful scrape of ${job}`,
    async () => {
      const target = (await prometheus.targets()).find((entry) => entry.labels.job === job);
      return target?.health === "up" && evaluated(target.lastScrape) ? target : undefined;
    },
    { timeoutMs, describe: async () => JSON.stringify(await prometheus.targets()) },
  );
}

/** Picks the probe path whose evaluations run closest to {@link TARGET_DELTA_MS} after each scrape starts. */
export async function pickPhaseSafeRuleFile(
  prometheus: PrometheusServer,
  input: { job: string; probes: readonly string[]; timeoutMs: number },
): Promise<{ file: string; deltaMs: number }> {
  const target = await scrapedTarget(prometheus, input.job, input.timeoutMs);
  const groups = await pollUntil(
    "every probe group to be evaluated",
    async () => {
      const all = (await prometheus.ruleGroups()).filter((group) => input.probes.includes(group.file));
      return all.length === input.probes.length && all.every((group) => evaluated(group.lastEvaluation))
        ? all
        : undefined;
    },
    { timeoutMs: input.timeoutMs },
  );
  const ranked = groups
    .map((group) => ({ file: group.file, deltaMs: evaluationDelta(target, group) }))
    .sort((a, b) => Math.abs(a.deltaMs - TARGET_DELTA_MS) - Math.abs(b.deltaMs - TARGET_DELTA_MS));
  const best = ranked[0];
  if (!best || best.deltaMs < SAFE_DELTA_MS.min || best.deltaMs > SAFE_DELTA_MS.max) {
    throw new Error(`no probe path evaluates safely after the scrape: ${JSON.stringify(ranked)}`);
  }
  return best;
}
