export { type TelemetryConfig, telemetryOptionsFromConfig } from "./config-options";
export {
  type BudgetSnapshot,
  type GaugeErrorLogger,
  type GaugeRegistration,
  type GaugeSources,
  type QueueSnapshot,
  type RegisterGaugesOptions,
  registerGauges,
} from "./gauges";
export { injectTraceContext, type TraceCarrier, withJobSpan } from "./job-trace";
export {
  type CreateLoggerOptions,
  createLogger,
  REDACT_PATHS,
} from "./logger";
export { isSensitiveKey, maskSecrets, REDACTED, redactDeep } from "./mask";
export {
  ACCOUNT_STATUSES,
  type AccountStatus,
  type IngestionOutcome,
  type JobFailureOutcome,
  METRIC_NAMES,
  type MetricName,
  QUEUE_STATES,
  type QueueState,
  type RequestOutcome,
  TIKTOK_ENDPOINTS,
  type TikTokEndpointLabel,
  type TokenRefreshOutcome,
  WEBHOOK_REFUSALS,
  type WebhookRefusal,
} from "./metric-names";
export { nameActiveSpanByRoute } from "./route-span";
export { startTelemetry, type Telemetry, type TelemetryOptions } from "./start-telemetry";
export {
  createTikTokMetrics,
  TELEMETRY_METER_NAME,
  type TikTokMetrics,
  type TikTokMetricsOptions,
} from "./tiktok-metrics";
