import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The rule file ops ships; the e2e check loads a time-scaled copy of exactly this text. */
export const ALERTS_FILE = fileURLToPath(new URL("../../../../ops/prometheus/alerts.yml", import.meta.url));

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

// A Prometheus duration literal: one or more number+unit parts (`5m`, `1h30m`, `250ms`).
const DURATION = String.raw`(?:\d+(?:ms|[smhdwy]))+`;
// Where durations occur in a rule file: range selectors, `offset`, and the group/rule timing keys.
const RANGE = new RegExp(String.raw`\[(${DURATION})\]`, "g");
const OFFSET = new RegExp(String.raw`\b(offset\s+)(${DURATION})\b`, "g");
const TIMING_KEY = new RegExp(String.raw`^(\s*(?:-\s+)?(?:interval|for|keep_firing_for):\s*)(${DURATION})\s*$`, "gm");

/** Milliseconds of a Prometheus duration literal. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|[smhdwy])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) {
    throw new Error(`not a Prometheus duration: ${text}`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? ""] ?? Number.NaN), 0);
}

/** `duration / factor`, written in whole seconds when possible. Refuses to round: rounding would change the logic. */
export function scaleDuration(text: string, factor: number): string {
  const scaled = parseDuration(text) / factor;
  if (!Number.isInteger(scaled) || scaled < 1) throw new Error(`${text} / ${factor} is not a whole number of ms`);
  return scaled % 1_000 === 0 ? `${scaled / 1_000}s` : `${scaled}ms`;
}

/**
 * Divides every duration literal of a rule file (range selectors, `offset`, group `interval`, `for`,
 * `keep_firing_for`) by `factor` and leaves every other character alone, so the rules run with the same logic on
 * a compressed clock: with factor 60 the 1-minute spike evaluation becomes 1 s, its 5-minute windows 5 s and the
 * 1-hour spike count 60 s. Bare numbers (`> 1800`, `86400 - time() % 86400`) are not durations and stay as they
 * are; the rate-limit spike rules contain none.
 */
export function scaleRuleDurations(rulesYaml: string, factor: number): string {
  return rulesYaml
    .replace(RANGE, (_match, duration: string) => `[${scaleDuration(duration, factor)}]`)
    .replace(OFFSET, (_match, keyword: string, duration: string) => `${keyword}${scaleDuration(duration, factor)}`)
    .replace(TIMING_KEY, (_match, key: string, duration: string) => `${key}${scaleDuration(duration, factor)}`);
}

/** The rule file with every duration literal replaced by a placeholder: equal skeletons mean equal logic. */
export function durationSkeleton(rulesYaml: string): string {
  return rulesYaml
    .replace(RANGE, "[<duration>]")
    .replace(OFFSET, (_match, keyword: string) => `${keyword}<duration>`)
    .replace(TIMING_KEY, (_match, key: string) => `${key}<duration>`);
}

/** The names of the rule groups in a rule file, in order. */
export function ruleGroupNames(rulesYaml: string): string[] {
  return [...rulesYaml.matchAll(/^\s*-\s+name:\s*["']?([^"'\s]+)["']?\s*$/gm)].map((match) => match[1] ?? "");
}

/** The shipped alerts.yml. */
export function readShippedRules(): string {
  return readFileSync(ALERTS_FILE, "utf8");
}
