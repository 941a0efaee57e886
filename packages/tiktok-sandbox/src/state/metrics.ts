import type { VideoStats } from "../types";

/** Time constant of the early growth: a video reaches ~63% of its settled counts after two days. */
const TAU_SEC = 2 * 86_400;
/** After settling, counts keep creeping up by 0.05% of the settled value per day, so old videos change too. */
const TAIL_PER_DAY = 0.0005;

/**
 * Counts of a video `ageSec` after publication: 0 at publication, then `1 - e^(-age/τ)` of `settled` plus a slow
 * linear tail. Monotonic in age and a pure function of the clock, so two reads at the same time always agree.
 */
export function statsAtAge(settled: VideoStats, ageSec: number): VideoStats {
  const age = Math.max(0, ageSec);
  const factor = 1 - Math.exp(-age / TAU_SEC) + (TAIL_PER_DAY * age) / 86_400;
  return {
    views: Math.floor(settled.views * factor),
    likes: Math.floor(settled.likes * factor),
    comments: Math.floor(settled.comments * factor),
    shares: Math.floor(settled.shares * factor),
  };
}
