import { describe, expect, it } from "vitest";
import {
  durationSkeleton,
  parseDuration,
  readShippedRules,
  ruleGroupNames,
  scaleDuration,
  scaleRuleDurations,
} from "./scaled-rules";

describe("scaled copy of ops/prometheus/alerts.yml", () => {
  it("parses and scales Prometheus durations without rounding", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(scaleDuration("5m", 60)).toBe("5s");
    expect(scaleDuration("1h", 60)).toBe("60s");
    expect(scaleDuration("90s", 60)).toBe("1500ms");
    expect(() => scaleDuration("1ms", 60)).toThrow(/whole number/);
    expect(() => parseDuration("5 minutes")).toThrow(/not a Prometheus duration/);
  });

  it("compresses the spike rules' clock by 60 and changes nothing but duration literals", () => {
    const shipped = readShippedRules();
    const scaled = scaleRuleDurations(shipped, 60);

    // The evaluation interval, both 5-minute windows, the 1-minute offset and the 1-hour count are what make a
    // spike; all of them must be scaled, or the e2e check would exercise different logic.
    expect(shipped).toMatch(/interval: 1m/);
    expect(scaled).toMatch(/^ {4}interval: 1s$/m);
    expect(scaled).toContain("(sum(increase(tiktok_display_rate_limit_exceeded_total[5s])) > bool 0) == 1");
    expect(scaled).toContain("sum(increase(tiktok_display_rate_limit_exceeded_total[5s] offset 1s)) > 0");
    expect(scaled).toContain("expr: sum_over_time(tiktok:rate_limit_spike_start[60s]) > 3");
    expect(scaled).not.toMatch(/\[\d+[mhd]\]|offset \d+[mhd]\b|^\s*(for|interval): \d+[mhd]\s*$/m);

    expect(durationSkeleton(scaled)).toBe(durationSkeleton(shipped));
    expect(ruleGroupNames(scaled)).toEqual(ruleGroupNames(shipped));
    expect(ruleGroupNames(shipped).length).toBeGreaterThan(0);
  });
});
