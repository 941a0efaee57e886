import type { JobDeps } from "../ports";

/**
 * The job's deps with `before` run just ahead of the `n`th `/v2/video/query/` call (counted across runs): a test
 * then chooses which call of a job meets a sandbox fault or an expired token.
 */
export function beforeQuery(job: JobDeps, n: number, before: () => void): JobDeps {
  let count = 0;
  return {
    ...job,
    credentials: {
      ...job.credentials,
      withDisplay: (accountId, context, call) =>
        job.credentials.withDisplay(accountId, context, (display) =>
          call({
            ...display,
            queryVideos: (videoIds, fields) => {
              count += 1;
              if (count === n) before();
              return display.queryVideos(videoIds, fields);
            },
          }),
        ),
    },
  };
}
