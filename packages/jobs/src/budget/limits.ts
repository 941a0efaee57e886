import { AppError } from "@trendpot/errors";
import type { BudgetPriority } from "./priority";

/** Calls of the day held back from lower priorities. */
export interface BudgetReserve {
  /** Only token refreshes may use these (default 5% of `perDay`: 250 of 5,000). */
  token: number;
  /** Token refreshes and ingestion may use these, metrics may not (default 15% of `perDay`: 750 of 5,000). */
  ingestion: number;
}

/** The budget's numbers after defaults and checks. */
export interface BudgetLimits {
  perMinute: number;
  perDay: number;
  maxInFlight: number;
  windowMs: number;
  leaseMs: number;
  reserve: BudgetReserve;
  /** How many of the day's calls each priority may use. */
  dayLimit: Record<BudgetPriority, number>;
}

/** The raw numbers a budget is configured with. */
export interface BudgetLimitOptions {
  perMinute: number;
  perDay: number;
  maxInFlight: number;
  windowMs?: number | undefined;
  leaseMs?: number | undefined;
  reserve?: Partial<BudgetReserve> | undefined;
}

/** Fills in defaults and rejects impossible numbers with `VALIDATION_FAILED` naming the option. */
export function resolveLimits(options: BudgetLimitOptions): BudgetLimits {
  const perDay = positiveInt("perDay", options.perDay);
  const reserve = {
    token: nonNegativeInt("reserve.token", options.reserve?.token ?? Math.round(perDay * 0.05)),
    ingestion: nonNegativeInt("reserve.ingestion", options.reserve?.ingestion ?? Math.round(perDay * 0.15)),
  };
  if (reserve.token + reserve.ingestion >= perDay) {
    throw invalid("reserve", "reserve.token + reserve.ingestion must be below perDay");
  }
  return {
    perMinute: positiveInt("perMinute", options.perMinute),
    perDay,
    maxInFlight: positiveInt("maxInFlight", options.maxInFlight),
    windowMs: positiveInt("windowMs", options.windowMs ?? 60_000),
    leaseMs: positiveInt("leaseMs", options.leaseMs ?? 60_000),
    reserve,
    dayLimit: {
      token: perDay,
      ingestion: perDay - reserve.token,
      metrics: perDay - reserve.token - reserve.ingestion,
    },
  };
}

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(name, `${name} must be a positive integer`);
  return value;
}

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(name, `${name} must be a non-negative integer`);
  return value;
}

function invalid(option: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", { message: `Invalid TikTok budget: ${message}.`, details: { option } });
}

/** The UTC day of `nowMs` (`YYYY-MM-DD`) and the ms left until it ends. */
export function utcDay(nowMs: number): { day: string; msUntilEnd: number } {
  const date = new Date(nowMs);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
  return { day: date.toISOString().slice(0, 10), msUntilEnd: end - nowMs };
}
