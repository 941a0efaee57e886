/** What ops are told when a job fails for good. No tokens, no raw TikTok payloads: codes and ids only. */
export interface OpsAlert {
  kind: "job_failed";
  queue: string;
  jobName: string;
  jobId: string | undefined;
  accountId: string | undefined;
  attempts: number;
  outcome: "exhausted" | "unrecoverable";
  errorCode: string;
  message: string;
  at: string;
}

export type OpsNotifier = (alert: OpsAlert) => Promise<void>;

/**
 * POSTs the alert as JSON to `url` (OPS_ALERT_WEBHOOK_URL). Failures are reported to `onError` and never thrown:
 * an unreachable alert receiver must not change the job's outcome.
 */
export function createOpsNotifier(options: {
  url: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}): OpsNotifier {
  const send = options.fetch ?? fetch;
  return async (alert) => {
    if (!options.url) return;
    try {
      const response = await send(options.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`ops alert receiver answered ${response.status}`);
    } catch (error) {
      options.onError?.(error);
    }
  };
}
