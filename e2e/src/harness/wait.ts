/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this long [30 s]. */
  timeoutMs?: number;
  /** Pause between attempts [100 ms]: polling, never a fixed sleep standing in for a condition. */
  intervalMs?: number;
  /** Named in the timeout error, with the last value or error seen. */
  description: string;
  /** Checked before each attempt: a message here ends the wait at once (e.g. the process under test died). */
  abortIf?: () => string | undefined;
}

/**
 * Polls `probe` until it returns something other than `undefined`/`false`, and returns that. A probe that throws
 * counts as "not yet" (a server that is restarting refuses connections); the last error is reported on timeout.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) throw new Error(`gave up waiting for ${options.description}: ${abort}`);
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description} (last: ${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
