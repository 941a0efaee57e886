import {
  budgetEnv,
  checkClientSecret,
  intVar,
  mongoEnv,
  parseEnv,
  redisEnv,
  runtimeEnv,
  schedulesEnv,
  telemetryEnv,
  tiktokClientEnv,
  tokenCipherEnv,
  workerJobsEnv,
} from "@trendpot/config";
import { z } from "zod";

const workerEnv = z.object({
  // Reported as service.version on traces and metrics; the deploy pipeline sets it to the release.
  SERVICE_VERSION: z.string().min(1).default("0.0.0"),
  // The worker's own scrape port: the api owns 9464 (ops/prometheus/prometheus.yml scrapes worker:9465).
  METRICS_PORT: intVar({ default: 9465, min: 0, max: 65_535 }).optional(),
  // How often the proactive token sweep looks for access tokens about to expire; well below the refresh-ahead window.
  TIKTOK_TOKEN_SWEEP_INTERVAL_MS: intVar({ default: 300_000, min: 1_000, max: 3_600_000 }),
  // Maintenance (re-encryption, mirrors, retention, expired states) is cheap and idempotent: hourly is plenty.
  WORKER_MAINTENANCE_INTERVAL_MS: intVar({ default: 3_600_000, min: 1_000, max: 86_400_000 }),
  // Every worker re-creates missing job schedulers this often (Redis may lose them); /ready fails meanwhile, so
  // this bounds how long a planner, sweep or maintenance schedule can be gone. Each pass is a handful of commands.
  WORKER_SCHEDULE_RECONCILE_MS: intVar({ default: 30_000, min: 1_000, max: 3_600_000 }),
  // Sync runs (the sync log) expire this long after they start; each run stores its expiry, so a change needs no
  // index rebuild. 90 days covers a quarter of ops questions ("when did this account last sync?").
  SYNC_RUN_RETENTION_DAYS: intVar({ default: 90, min: 1, max: 3_650 }),
  // Metric history older than this is purged; 400 days keeps a year-over-year comparison possible.
  TIKTOK_METRICS_RETENTION_DAYS: intVar({ default: 400, min: 1, max: 3_650 }),
  // /live fails when a queue has waiting jobs and nothing completed for this long (10 min, as the ops alert).
  WORKER_STALL_AFTER_MS: intVar({ default: 600_000, min: 1_000, max: 86_400_000 }),
  // GET /live listens here (next to the scrape port, on METRICS_HOST); 0 picks a free port.
  WORKER_LIVENESS_PORT: intVar({ default: 9466, min: 0, max: 65_535 }),
  // How long SIGTERM waits for in-flight jobs before they are left for another worker (lock expiry retries them).
  WORKER_SHUTDOWN_GRACE_MS: intVar({ default: 25_000, min: 0, max: 600_000 }),
  // A job whose worker died is retried once its lock lapses and the stalled check sees it: BullMQ's 30 s defaults.
  // Shorter values recover faster after a crash but risk double processing of a job that is merely slow.
  WORKER_LOCK_DURATION_MS: intVar({ default: 30_000, min: 1_000, max: 600_000 }),
  WORKER_STALLED_INTERVAL_MS: intVar({ default: 30_000, min: 1_000, max: 600_000 }),
});

const WorkerEnvSchema = runtimeEnv
  .extend(mongoEnv.shape)
  .extend(redisEnv.shape)
  .extend(tiktokClientEnv.shape)
  .extend(tokenCipherEnv.shape)
  .extend(budgetEnv.shape)
  .extend(workerJobsEnv.shape)
  .extend(schedulesEnv.shape)
  .extend(telemetryEnv.shape)
  .extend(workerEnv.shape);

export type WorkerConfig = z.output<typeof WorkerEnvSchema>;

/** Reads and validates the environment once, at boot. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const parsed = parseEnv(WorkerEnvSchema, env);
  checkClientSecret(parsed);
  return parsed;
}
