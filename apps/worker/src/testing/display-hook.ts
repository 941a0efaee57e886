import type { AccountDisplay } from "@trendpot/credentials";
import type { JobDeps } from "../ports";

/**
 * The job's deps with every account's Display calls passed through `wrap`: a test then steps in around a chosen
 * call (a sandbox fault, an expired token, a revocation) while the calls themselves stay real.
 */
export function wrapDisplay(job: JobDeps, wrap: (display: AccountDisplay) => AccountDisplay): JobDeps {
  return {
    ...job,
    credentials: {
      ...job.credentials,
      withDisplay: (accountId, context, call) =>
        job.credentials.withDisplay(accountId, context, (display) => call(wrap(display))),
    },
  };
}

/** The job's deps with `before` run just ahead of the `n`th `/v2/video/query/` call (counted across runs). */
export function beforeQuery(job: JobDeps, n: number, before: () => void): JobDeps {
  let count = 0;
  return wrapDisplay(job, (display) => ({
    ...display,
    queryVideos: (videoIds, fields) => {
      count += 1;
      if (count === n) before();
      return display.queryVideos(videoIds, fields);
    },
  }));
}
