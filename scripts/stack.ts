// The local stack behind `npm start` / `npm run dev`: MongoDB, Redis and KMS (dev-services), the TikTok sandbox
// with seeded creators, then the api and the worker pointed at all of them. A crashed api or worker is restarted
// with backoff. Ctrl-C, SIGTERM to this process, or the death of whatever started it (npm) stops everything and
// removes the services' temp dirs.
// MongoDB's and Redis's data, the demo keys and the sandbox app's credentials are kept in .data/ across restarts;
// `npm run wipe` removes them.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localDataDir, otelcolAvailable, servicesEnv, startServices } from "@trendpot/dev-services";
import { createTikTokSandbox, sandboxServiceEnv } from "@trendpot/tiktok-sandbox";
import { type Supervised, supervise } from "./supervise";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const apiPort = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const metricsPort = Number(process.env.WORKER_METRICS_PORT ?? 9465);

interface KeptSecrets {
  keys: Record<"platform" | "compliance" | "ops", string>;
  sandbox: { clientKey: string; clientSecret: string };
}

/** The demo keys and the sandbox app's credentials: made once, then read back so every restart shows the same. */
function keptSecrets(dataDir: string): KeptSecrets {
  const file = join(dataDir, "demo-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as KeptSecrets;
  const token = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;
  const secrets: KeptSecrets = {
    keys: { platform: token("tp_platform"), compliance: token("tp_compliance"), ops: token("tp_ops") },
    sandbox: { clientKey: token("sbx_key"), clientSecret: token("sbx_secret") },
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

function apiKeyEntry(role: string, key: string): string {
  return `demo-${role}:${role}:${createHash("sha256").update(key).digest("hex")}`;
}

const say = (message: string) => console.error(`[stack] ${message}`);

function launch(name: string, entry: string, env: Record<string, string>): Supervised {
  // The telemetry preload enables the instrumentations before the app's first import (see its file).
  const preload = ["--import", "tsx", "--import", "./packages/telemetry/src/register.ts"];
  const args = mode === "dev" ? [...preload, "--watch", entry] : [...preload, entry];
  return supervise({ name, command: process.execPath, args, env: { ...process.env, ...env }, log: say });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

let stopping: Promise<never> | undefined;
const children: Supervised[] = [];
const cleanups: Array<() => Promise<void>> = [];

/** Stops the children (no restarts from here on), then the sandbox and services (their temp dirs go with them). */
function stop(code: number, reason?: string): Promise<never> {
  stopping ??= (async () => {
    if (reason) say(`${reason}: stopping the stack`);
    await Promise.all(children.map((child) => child.stop()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    process.exit(code);
  })();
  return stopping;
}

// `npm start` may sit behind shells that do not pass a signal on; when the process that started us goes away we
// are reparented, and stop rather than linger with the services running.
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop(0, "the process that started the stack is gone");
  }, 500).unref();
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0, signal));
  stopWhenOrphaned();
  const dataDir = localDataDir();
  const secrets = keptSecrets(dataDir);
  // The Collector receives both apps' OTLP traces and metrics (servicesEnv sets OTEL_EXPORTER_OTLP_ENDPOINT). It
  // is built from Go modules: a machine without Go still gets the rest of the stack.
  // STACK_COLLECTOR=off leaves it out on purpose (no first-run build, no OTLP export).
  const wanted = process.env.STACK_COLLECTOR !== "off";
  const collector = wanted && (Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT) || (await otelcolAvailable()));
  if (!wanted) say("STACK_COLLECTOR=off: the OpenTelemetry Collector is left out");
  else if (!collector)
    say("no Go here: the OpenTelemetry Collector is left out (install Go 1.25+ for traces and OTLP)");
  const services = await startServices({ dataDir, collector });
  cleanups.push(services.stop);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const sandboxOptions = { webhookUrl: `${apiUrl}/webhooks/tiktok`, ...secrets.sandbox };
  // A fixed port keeps the demo's URLs stable; when something else holds it, any free port will do.
  const sandbox = await createTikTokSandbox({ ...sandboxOptions, port: sandboxPort }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.error(`[stack] port ${sandboxPort} is busy; the TikTok sandbox takes a free port instead`);
    return createTikTokSandbox({ ...sandboxOptions, port: 0 });
  });
  cleanups.push(sandbox.close);
  const keys = secrets.keys;
  const env: Record<string, string> = {
    ...servicesEnv(services),
    NODE_ENV: "development",
    LOG_PRETTY: "true",
    ...sandboxServiceEnv(sandbox),
    TIKTOK_REDIRECT_URI: `${apiUrl}/auth/tiktok/callback`,
    // The default bundle adds video.data and webhook.subscription, which TikTok's public docs do not list and the
    // sandbox (like an app without them approved) refuses; the demo asks for documented scopes only.
    TIKTOK_DISPLAY_SCOPES: "user.info.basic user.info.profile user.info.stats video.list",
    PUBLIC_BASE_URL: apiUrl,
    PORT: String(apiPort),
    HOST: "127.0.0.1",
    API_KEYS: Object.entries(keys)
      .map(([role, key]) => apiKeyEntry(role, key))
      .join(","),
  };
  children.push(launch("api", "apps/api/src/main.ts", env));
  children.push(launch("worker", "apps/worker/src/main.ts", { ...env, METRICS_PORT: String(metricsPort) }));
  await waitForHealth(`${apiUrl}/health`, 60_000);
  console.log(
    [
      "",
      "TrendPot TikTok ingestion is running on local services.",
      `  API            ${apiUrl}   (docs: ${apiUrl}/docs, status: ${apiUrl}/status)`,
      `  TikTok sandbox ${sandbox.url}`,
      `  MongoDB        ${services.mongo?.uri} (${services.mongo?.kind})`,
      `  Redis          ${services.redis?.url}`,
      ...(services.collector
        ? [
            `  OTLP           ${services.collector.otlpEndpoint} (traces in ${services.collector.tracesFile || "its backend"})`,
          ]
        : []),
      `  Demo API keys  platform:   ${keys.platform}`,
      `                 compliance: ${keys.compliance}`,
      `                 ops:        ${keys.ops}`,
      `  Kept data      ${dataDir} (npm run wipe to start over)`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
});
