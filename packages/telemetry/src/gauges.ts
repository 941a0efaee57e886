import { type BatchObservableResult, diag, type Meter, type Observable } from "@opentelemetry/api";
import { ACCOUNT_STATUSES, type AccountStatus, METRIC_NAMES, type QueueState } from "./metric-names";

type MaybePromise<T> = T | Promise<T>;

/** What the global TikTok budget has left right now. */
export interface BudgetSnapshot {
  /** Calls still allowed in the sliding 60-second window. */
  readonly minuteRemaining: number;
  /** Calls still allowed in the current UTC day. */
  readonly dayRemaining: number;
  /** Calls to TikTok currently in flight. */
  readonly inFlight: number;
}

/** One queue's depth by state and the age of its oldest waiting job. */
export interface QueueSnapshot {
  readonly queue: string;
  readonly counts: Partial<Record<QueueState, number>>;
  /** Seconds the oldest waiting job has waited; null or absent when nothing waits. */
  readonly oldestWaitingAgeSeconds?: number | null;
}

/**
 * Callbacks read at every metric collection. Each may be async; each is optional, and only the gauges of the
 * callbacks given are reported.
 */
export interface GaugeSources {
  readonly budget?: () => MaybePromise<BudgetSnapshot>;
  readonly queues?: () => MaybePromise<readonly QueueSnapshot[]>;
  /** Age in seconds of the stalest active account's metrics; null when there is no active account. */
  readonly syncLagSeconds?: () => MaybePromise<number | null>;
  /** Account counts by status; statuses left out are reported as 0. */
  readonly accountsByStatus?: () => MaybePromise<Partial<Record<AccountStatus, number>>>;
  /** Accounts whose refresh token expires within 7 days. */
  readonly refreshExpiring?: () => MaybePromise<number>;
  /** Stored credentials whose ciphertext names a key other than the current one (what the re-encryption sweep has left). */
  readonly credentialsUnderPreviousKey?: () => MaybePromise<number>;
  /**
   * When this worker last completed a job, per queue (a Date or epoch milliseconds). Return the worker's start time
   * for queues that have not completed anything yet, so "not consuming" can be detected right after a restart.
   */
  readonly lastJobCompletedAt?: () => MaybePromise<Readonly<Record<string, Date | number | null | undefined>>>;
}

/** Where callback failures are reported; a pino logger fits. */
export interface GaugeErrorLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Options of {@link registerGauges}. */
export interface RegisterGaugesOptions {
  readonly logger?: GaugeErrorLogger;
  /** A callback slower than this is abandoned for the current collection (default 5000 ms). */
  readonly timeoutMs?: number;
}

/** Handle returned by {@link registerGauges}. */
export interface GaugeRegistration {
  /** Stops reading the callbacks. */
  unregister(): void;
}

type SourceName = keyof GaugeSources;
type Observe = (result: BatchObservableResult) => Promise<void>;

/**
 * Registers the observable gauges fed by `sources` in one batch callback. A callback that throws, rejects or
 * hangs is logged and skipped: metric collection never fails because of it.
 */
export function registerGauges(
  meter: Meter,
  sources: GaugeSources,
  options: RegisterGaugesOptions = {},
): GaugeRegistration {
  const observables: Observable[] = [];
  const readers: Array<{ name: SourceName; observe: Observe }> = [];
  const gauge = (name: string, description: string, unit: string): Observable => {
    const instrument = meter.createObservableGauge(name, { description, unit });
    observables.push(instrument);
    return instrument;
  };
  const add = (name: SourceName, create: () => Observe | undefined): void => {
    const observe = create();
    if (observe) readers.push({ name, observe });
  };
  add("budget", () => budgetReader(sources.budget, gauge));
  add("queues", () => queueReader(sources.queues, gauge));
  add("syncLagSeconds", () => syncLagReader(sources.syncLagSeconds, gauge));
  add("accountsByStatus", () => accountsReader(sources.accountsByStatus, gauge));
  add("refreshExpiring", () => refreshExpiringReader(sources.refreshExpiring, gauge));
  add("lastJobCompletedAt", () => lastCompletedReader(sources.lastJobCompletedAt, gauge));
  add("credentialsUnderPreviousKey", () => previousKeyReader(sources.credentialsUnderPreviousKey, gauge));

  const logger = options.logger ?? diagLogger;
  const timeoutMs = options.timeoutMs ?? 5000;
  const callback = async (result: BatchObservableResult): Promise<void> => {
    await Promise.all(
      readers.map(async ({ name, observe }) => {
        try {
          await withTimeout(observe(result), timeoutMs, name);
        } catch (error) {
          logger.warn({ source: name, err: describe(error) }, "metric gauge callback failed");
        }
      }),
    );
  };
  if (observables.length > 0) meter.addBatchObservableCallback(callback, observables);
  return {
    unregister: () => {
      if (observables.length > 0) meter.removeBatchObservableCallback(callback, observables);
    },
  };
}

type GaugeFactory = (name: string, description: string, unit: string) => Observable;

function budgetReader(source: GaugeSources["budget"], gauge: GaugeFactory): Observe | undefined {
  if (!source) return undefined;
  const remaining = gauge(METRIC_NAMES.budgetRemaining, "TikTok calls left in the global budget.", "{request}");
  const inFlight = gauge(METRIC_NAMES.budgetInFlight, "TikTok calls in flight.", "{request}");
  return async (result) => {
    const snapshot = await source();
    result.observe(remaining, snapshot.minuteRemaining, { window: "minute" });
    result.observe(remaining, snapshot.dayRemaining, { window: "day" });
    result.observe(inFlight, snapshot.inFlight);
  };
}

function queueReader(source: GaugeSources["queues"], gauge: GaugeFactory): Observe | undefined {
  if (!source) return undefined;
  const depth = gauge(METRIC_NAMES.queueDepth, "Jobs in a queue, by state.", "{job}");
  const oldest = gauge(METRIC_NAMES.queueOldestWaitingAge, "Age of the oldest waiting job.", "s");
  return async (result) => {
    for (const snapshot of await source()) {
      for (const [state, count] of Object.entries(snapshot.counts)) {
        if (typeof count === "number") result.observe(depth, count, { queue: snapshot.queue, state });
      }
      result.observe(oldest, snapshot.oldestWaitingAgeSeconds ?? 0, { queue: snapshot.queue });
    }
  };
}

function syncLagReader(source: GaugeSources["syncLagSeconds"], gauge: GaugeFactory): Observe | undefined {
  if (!source) return undefined;
  const lag = gauge(METRIC_NAMES.syncLag, "Age of the stalest active account's metrics.", "s");
  return async (result) => {
    const seconds = await source();
    if (seconds !== null) result.observe(lag, seconds);
  };
}

function accountsReader(source: GaugeSources["accountsByStatus"], gauge: GaugeFactory): Observe | undefined {
  if (!source) return undefined;
  const accounts = gauge(METRIC_NAMES.accounts, "Connected TikTok accounts, by status.", "{account}");
  return async (result) => {
    const counts = await source();
    for (const status of ACCOUNT_STATUSES) result.observe(accounts, counts[status] ?? 0, { status });
  };
}

function refreshExpiringReader(source: GaugeSources["refreshExpiring"], gauge: GaugeFactory): Observe | undefined {
  if (!source) return undefined;
  const expiring = gauge(
    METRIC_NAMES.tokenRefreshExpiring,
    "Accounts whose refresh token expires within 7 days.",
    "{account}",
  );
  return async (result) => {
    result.observe(expiring, await source());
  };
}

function previousKeyReader(
  source: GaugeSources["credentialsUnderPreviousKey"],
  gauge: GaugeFactory,
): Observe | undefined {
  if (!source) return undefined;
  const previous = gauge(
    METRIC_NAMES.credentialsUnderPreviousKey,
    "Stored credentials still encrypted under a key other than the current one.",
    "{account}",
  );
  return async (result) => {
    result.observe(previous, await source());
  };
}

function lastCompletedReader(source: GaugeSources["lastJobCompletedAt"], gauge: GaugeFactory): Observe | undefined {
  if (!source) return undefined;
  const last = gauge(
    METRIC_NAMES.workerLastJobCompleted,
    "Unix time (seconds) this worker last completed a job, by queue.",
    "s",
  );
  return async (result) => {
    for (const [queue, at] of Object.entries(await source())) {
      if (at === null || at === undefined) continue;
      const ms = at instanceof Date ? at.getTime() : at;
      result.observe(last, ms / 1000, { queue });
    }
  };
}

function withTimeout(work: Promise<void>, timeoutMs: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): { message: string; name?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { message: String(error) };
}

const diagLogger: GaugeErrorLogger = {
  warn: (details, message) => diag.warn(message, details),
};
