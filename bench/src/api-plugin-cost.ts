// What each production plugin costs on its own: the bare route serving the accounts list's recorded answer,
// alone and with one of the api's plugins at a time (the api's own registration code and options), each server
// in its own process and autocannon in another. The cost is the time per request the plugin adds.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/api-plugin-cost.ts
// Options: --seconds S --runs R --connections C --only bare+logging,… --profile DIR (--cpu-prof of every server)
import { parseArgs } from "node:util";
import { AUTH, benchEnv, measure, recordBodies, seed, startServer } from "./api-bench-support";
import { type Row, report } from "./report-support";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    runs: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    only: { type: "string" },
    profile: { type: "string" },
  },
});
const load = { runs: Number(values.runs), seconds: Number(values.seconds), connections: Number(values.connections) };
const PLUGINS = {
  "bare+auth": "API keys (role check; a key is hashed once, then remembered)",
  "bare+rate-limit": "API keys + Redis rate limit",
  "bare+helmet": "helmet (security headers)",
  "bare+logging": "request logging at info (pino → /dev/null)",
  "bare+otel": "OpenTelemetry (http, undici, mongodb, ioredis instrumented; Prometheus reader)",
  "bare+zod": "response serialization through the route schema",
} as const;

async function main(): Promise<void> {
  const env = benchEnv();
  const seeded = await seed(env, 50, 0);
  const path = "/v1/accounts?limit=50";
  const recorder = await startServer("api", env);
  const bodies = await recordBodies(recorder.url, [path]);
  await recorder.stop();
  const rps: Record<string, number> = {};
  const only = values.only?.split(",");
  const variants = ["bare", ...Object.keys(PLUGINS)].filter((v) => !only || v === "bare" || only.includes(v));
  for (const variant of variants) {
    const profile = values.profile ? { profileDir: values.profile } : {};
    const server = await startServer(variant, env, { bodiesFile: bodies.file, ...profile });
    const measured = await measure(`${server.url}${path}`, variant === "bare" ? {} : AUTH, load);
    await server.stop();
    if (measured.max.failures > 0) throw new Error(`${variant}: ${measured.max.failures} failed requests`);
    rps[variant] = measured.max.rps;
    console.log(`  ${variant}: ${measured.max.rps.toFixed(0)} req/s`);
  }
  bodies.cleanup();
  await seeded.drop();
  const bare = rps.bare ?? Number.NaN;
  const rows: Row[] = [{ metric: "bare route (accounts list answer)", unit: "req/s", measured: bare }];
  for (const [variant, label] of Object.entries(PLUGINS)) {
    if (!variants.includes(variant)) continue;
    const with_ = rps[variant] ?? Number.NaN;
    rows.push({ metric: `${label}: throughput`, unit: "req/s", measured: with_ });
    // Cost per request: the extra time one request takes on the server's event loop with the plugin on.
    rows.push({ metric: `${label}: cost per request`, unit: "µs", measured: 1e6 / with_ - 1e6 / bare });
  }
  report("api-plugin-cost", rows, { options: values, rps });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
