export {
  type AccountLocks,
  type AccountLocksOptions,
  createAccountLocks,
  type LockedRun,
} from "./account-lock";
export {
  type BudgetAttempt,
  type BudgetDenial,
  type BudgetLease,
  type BudgetMinute,
  type BudgetState,
  createTikTokBudget,
  type TikTokBudget,
  type TikTokBudgetOptions,
} from "./budget/budget";
export { type BudgetLimitOptions, type BudgetLimits, type BudgetReserve, resolveLimits, utcDay } from "./budget/limits";
export {
  type BudgetContext,
  type BudgetPriority,
  currentBudgetContext,
  runWithBudgetPriority,
} from "./budget/priority";
export {
  type BudgetClassifier,
  type BudgetedRequestOptions,
  type BudgetedWrapRequest,
  budgetedRequest,
  defaultBudgetClassifier,
  type RateLimitedInfo,
  type TikTokEndpointName,
} from "./budget/request";
export type { Sleep } from "./budget/wait";
export { chunked } from "./chunked";
export { EVENTS_SCHEMA_VERSION, videosUpdateEventsJsonSchema } from "./event-schemas";
export {
  createEventPublisher,
  type EventPublisher,
  MAX_VIDEO_IDS_PER_EVENT,
  type ReadEventsResult,
  readEvents,
  type StreamEvent,
  VIDEOS_UPDATE_EVENT,
  type VideosUpdateEvent,
  type VideosUpdateEventInput,
  VideosUpdateEventSchema,
  videosUpdateStream,
} from "./events";
export { jobIdFor } from "./job-ids";
export { JOB_NAMES, type JobName, QUEUE_NAMES, type QueueName } from "./names";
export {
  AccountIdSchema,
  type IngestionJob,
  IngestionJobSchema,
  JOB_PAYLOAD_SCHEMAS,
  type JobPayload,
  MAX_CALLS_PER_METRICS_JOB,
  MAX_VIDEO_IDS_PER_BATCH,
  MAX_VIDEO_IDS_PER_METRICS_JOB,
  type MaintenanceJob,
  MaintenanceJobSchema,
  type MaintenanceTask,
  type MetricsBatchJob,
  MetricsBatchJobSchema,
  type MetricsPlanJob,
  MetricsPlanJobSchema,
  type ProfileRefreshJob,
  ProfileRefreshJobSchema,
  parseJobPayload,
  type TokenRefreshJob,
  TokenRefreshJobSchema,
  type TokenSweepJob,
  TokenSweepJobSchema,
  VideoIdSchema,
  type WebhookJob,
  WebhookJobSchema,
} from "./payloads";
export {
  DEFAULT_REFRESH_CADENCE,
  joinIntoJobs,
  type PlannerAccount,
  type PlannerVideo,
  planRefreshBatches,
  type RefreshBatch,
  type RefreshCadence,
  type RefreshPlan,
  type RefreshPlanInput,
  refreshIntervalMs,
} from "./planner";
export { oldestWaitingAgeMs } from "./queue-age";
export {
  createQueues,
  defaultJobOptions,
  type EnqueueOptions,
  type JobRetryOptions,
  type TikTokQueues,
  type TypedQueue,
} from "./queues";
export { missingSchedules, reconcileSchedules, SCHEDULER_IDS, type ScheduleIntervals } from "./schedules";
