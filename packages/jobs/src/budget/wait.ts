/** A cancellable timer: resolves after `ms`, or early (without error) when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real timer. */
export const sleepWithTimer: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Sleepers that a local event (a released lease) can wake early. */
export interface Waiters {
  /** Resolves after `ms` (or on {@link wakeAll} when `wakeable`); rejects with `signal.reason` when aborted. */
  wait(ms: number, options: { wakeable: boolean; signal?: AbortSignal | undefined }): Promise<void>;
  wakeAll(): void;
}

export function createWaiters(sleep: Sleep): Waiters {
  const pending = new Set<() => void>();
  return {
    wait(ms, { wakeable, signal }) {
      return new Promise<void>((resolve, reject) => {
        const timer = new AbortController();
        let settled = false;
        const finish = (error?: unknown) => {
          if (settled) return;
          settled = true;
          pending.delete(wake);
          signal?.removeEventListener("abort", onAbort);
          timer.abort();
          if (error === undefined) resolve();
          else reject(error);
        };
        const wake = () => finish();
        const onAbort = () => finish(signal?.reason ?? new Error("aborted"));
        if (signal?.aborted) return onAbort();
        if (wakeable) pending.add(wake);
        signal?.addEventListener("abort", onAbort, { once: true });
        sleep(ms, timer.signal).then(wake, (error: unknown) => finish(error ?? new Error("sleep failed")));
      });
    },
    wakeAll() {
      for (const wake of [...pending]) wake();
    },
  };
}
