import type { Job, Queue } from "bullmq";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AUTHED_ERRORS } from "../schemas";
import { queuesByName } from "./queues";

// How far back the last run of a scheduler is looked for: the latest finished jobs kept by each queue.
const RECENT_JOBS = 200;

const RunSchema = z.object({
  jobId: z.string(),
  finishedAt: z.string(),
  result: z.enum(["completed", "failed"]),
  /** The failure's first line (our errors' messages; never a token). */
  error: z.string().optional(),
});

const ScheduleSchema = z.object({
  queue: z.string(),
  id: z.string(),
  jobName: z.string(),
  /** Fixed interval in milliseconds, or a cron pattern. */
  everyMs: z.number().optional(),
  pattern: z.string().optional(),
  nextRunAt: z.string().optional(),
  lastRun: RunSchema.optional(),
});
type Schedule = z.infer<typeof ScheduleSchema>;

interface Finished {
  job: Job;
  result: "completed" | "failed";
}

function lastRunOf(key: string, finished: Finished[]): Schedule["lastRun"] {
  const last = finished
    .filter(({ job }) => job.repeatJobKey === key && job.finishedOn)
    .sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0))[0];
  if (!last?.job.finishedOn) return undefined;
  const error =
    last.result === "failed"
      ? String(last.job.failedReason ?? "")
          .split("\n")[0]
          ?.slice(0, 300)
      : undefined;
  return {
    jobId: String(last.job.id),
    finishedAt: new Date(last.job.finishedOn).toISOString(),
    result: last.result,
    ...(error ? { error } : {}),
  };
}

async function schedulesOf(queue: Queue): Promise<Schedule[]> {
  const schedulers = await queue.getJobSchedulers();
  if (schedulers.length === 0) return [];
  const [completed, failed] = await Promise.all([
    queue.getJobs(["completed"], 0, RECENT_JOBS - 1),
    queue.getJobs(["failed"], 0, RECENT_JOBS - 1),
  ]);
  const finished: Finished[] = [
    ...completed.map((job) => ({ job, result: "completed" as const })),
    ...failed.map((job) => ({ job, result: "failed" as const })),
  ];
  return schedulers.map((scheduler) => ({
    queue: queue.name,
    id: scheduler.key,
    jobName: scheduler.name,
    ...(scheduler.every ? { everyMs: Number(scheduler.every) } : {}),
    ...(scheduler.pattern ? { pattern: scheduler.pattern } : {}),
    ...(scheduler.next ? { nextRunAt: new Date(Number(scheduler.next)).toISOString() } : {}),
    ...compactRun(lastRunOf(scheduler.key, finished)),
  }));
}

function compactRun(run: Schedule["lastRun"]): Pick<Schedule, "lastRun"> {
  return run ? { lastRun: run } : {};
}

/** `GET /v1/ops/schedules`: every repeatable job (job scheduler) with its cadence, next run and last run. */
export function schedulesRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/v1/ops/schedules",
      {
        config: { roles: ROLES.ops },
        schema: {
          tags: ["ops"],
          summary: "Repeatable jobs: cadence, next run, last run and its result",
          description:
            "Read from Redis, where the workers keep the job schedulers. An empty list means no worker keeps " +
            "schedules (for example `WORKER_SCHEDULES_ENABLED=false`). `lastRun` is the newest finished job of the " +
            `scheduler among the last ${RECENT_JOBS} finished jobs its queue keeps.`,
          security: API_KEY_SECURITY,
          response: { 200: z.object({ schedules: z.array(ScheduleSchema) }), ...AUTHED_ERRORS },
        },
      },
      async () => {
        const queues = Object.values(queuesByName(deps));
        const schedules = (await Promise.all(queues.map(schedulesOf))).flat();
        return { schedules: schedules.sort((a, b) => `${a.queue}/${a.id}`.localeCompare(`${b.queue}/${b.id}`)) };
      },
    );
  };
}
