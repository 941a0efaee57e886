import { AsyncLocalStorage } from "node:async_hooks";

/** Who is calling TikTok, highest first: a lost token loses the account, missed metrics only age a little. */
export type BudgetPriority = "token" | "ingestion" | "metrics";

/** What a job tells the budget about the TikTok calls made on its behalf. */
export interface BudgetContext {
  priority: BudgetPriority;
  /** Aborts a wait for budget (e.g. the job's own cancellation). */
  signal?: AbortSignal | undefined;
}

const storage = new AsyncLocalStorage<BudgetContext>();

/**
 * Runs `fn` so that every TikTok call it makes (through {@link budgetedRequest}) is charged to `priority`.
 * Processors wrap their work in it: the TikTok client stays unaware of queues.
 */
export function runWithBudgetPriority<T>(
  priority: BudgetPriority,
  fn: () => T,
  options: { signal?: AbortSignal | undefined } = {},
): T {
  return storage.run({ priority, signal: options.signal }, fn);
}

/** The context set by the closest enclosing {@link runWithBudgetPriority}, if any. */
export function currentBudgetContext(): BudgetContext | undefined {
  return storage.getStore();
}
