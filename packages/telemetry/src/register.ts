// Loaded with `node --import tsx --import @trendpot/telemetry/register <app>` (see `TELEMETRY_PRELOAD_ARGS`), before
// the app's first module. An app's static imports (its config, @trendpot/jobs → bullmq → ioredis) are evaluated
// before main.ts can call startTelemetry, and an instrumentation only patches modules loaded after it is enabled:
// Redis commands had no spans. Here the instrumentations are enabled first; startTelemetry later installs the
// tracer provider they report to, and skips enabling them a second time.
import { register } from "node:module";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { markInstrumentationsPreloaded, selectedInstrumentations } from "./start-telemetry";

// The ES-module half: import-in-the-middle's loader hook (shipped by @opentelemetry/instrumentation) lets the
// instrumentations patch modules that are imported rather than required. Only the instrumented modules are
// intercepted: the hook rewrites each module it sees, and the whole graph would slow boot for nothing.
register("@opentelemetry/instrumentation/hook.mjs", import.meta.url, {
  data: { include: ["ioredis", "mongodb", "http", "https", "undici"] },
});
registerInstrumentations({ instrumentations: [selectedInstrumentations()] });
markInstrumentationsPreloaded();
