import type { Sleep } from "./wait";

/** The most timestamps in any window (t - windowMs, t]. Checking windows that end on a timestamp covers them all. */
export function maxInAnyWindow(timestamps: readonly number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let max = 0;
  let low = 0;
  for (let high = 0; high < sorted.length; high += 1) {
    const end = sorted[high] as number;
    while ((sorted[low] as number) <= end - windowMs) low += 1;
    max = Math.max(max, high - low + 1);
  }
  return max;
}

/** A clock the test moves by hand; its `sleep` advances the clock instead of waiting and records each request. */
export function fakeClock(start: number): { now: () => number; set(at: number): void; sleeps: number[]; sleep: Sleep } {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    set: (at) => {
      current = at;
    },
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
      current += ms;
    },
  };
}

/** A sleep that only ends when the waiter is woken or aborted: proves a wake-up did not come from a timer. */
export const sleepForever: Sleep = (_ms, signal) =>
  new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
