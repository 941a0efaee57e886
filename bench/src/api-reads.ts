// The api's hot reads under load — the accounts list (50) and a 50-video page — against a bare Fastify route
// sending the same JSON, each server in its own process and the load generator (autocannon) in another. The api
// runs with every production plugin on (API keys, Redis rate limits, helmet, request logging at info through pino
// into /dev/null, OpenTelemetry, the read cache) against the real MongoDB; "uncached" is the same api with the read
// cache off; "stubbed" answers the two reads from memory without any cache bookkeeping (the request path alone).
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/api-reads.ts
// Options: --accounts N --videos M --seconds S --runs R --connections C --rate R --profile DIR (--cpu-prof of
// every server into DIR; read with cpuprofile-top.ts)
import { parseArgs } from "node:util";
import { AUTH, benchEnv, type Measured, measure, recordBodies, seed, startServer } from "./api-bench-support";
import { type Row, report } from "./report-support";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "50" },
    videos: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    runs: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    rate: { type: "string", default: "1000" },
    profile: { type: "string" },
  },
});
const load = {
  runs: Number(values.runs),
  seconds: Number(values.seconds),
  connections: Number(values.connections),
  rate: Number(values.rate),
};
const VARIANTS = ["api", "uncached", "stubbed", "bare"] as const;

async function main(): Promise<void> {
  const env = benchEnv();
  const seeded = await seed(env, Number(values.accounts), Number(values.videos));
  const target = seeded.ids[Math.floor(seeded.ids.length / 2)] ?? "";
  env.BENCH_ACCOUNT = target;
  const cases = [
    { name: "accounts list (50)", path: "/v1/accounts?limit=50" },
    { name: "videos page (50)", path: `/v1/accounts/${target}/videos?limit=50` },
  ];
  const profile = values.profile ? { profileDir: values.profile } : {};
  const results: Record<string, Record<string, Measured>> = Object.fromEntries(cases.map((c) => [c.name, {}]));
  const recorder = await startServer("api", env);
  const bodiesFile = await recordBodies(
    recorder.url,
    cases.map((c) => c.path),
  );
  await recorder.stop();
  console.log(
    `${values.accounts} accounts × ${values.videos} videos; ${load.runs} runs × ${load.seconds} s at ${load.connections} connections (medians), then ${load.rate} req/s fixed`,
  );
  // One server at a time: the machine's cores go to that server, the load generator and the services.
  for (const variant of VARIANTS) {
    const server = await startServer(variant, env, { bodiesFile: bodiesFile.file, ...profile });
    for (const c of cases) {
      const headers = variant === "bare" ? {} : AUTH;
      const measured = await measure(`${server.url}${c.path}`, headers, load);
      const byVariant = results[c.name];
      if (byVariant) byVariant[variant] = measured;
      console.log(
        `  ${c.name} · ${variant}: ${measured.max.rps.toFixed(0)} req/s (p50 ${measured.max.p50} ms, p99 ${measured.max.p99} ms); at ${load.rate} req/s p99 ${measured.fixed?.p99} ms; failures ${measured.max.failures + (measured.fixed?.failures ?? 0)}`,
      );
    }
    await server.stop();
  }
  bodiesFile.cleanup();
  await seeded.drop();

  const rows: Row[] = [];
  for (const c of cases) {
    const r = results[c.name] ?? {};
    const api = r.api;
    const bare = r.bare;
    if (!api || !bare) continue;
    rows.push(
      {
        metric: `${c.name}: api / bare throughput`,
        unit: "×",
        measured: api.max.rps / bare.max.rps,
        target: { op: ">=", value: 0.5 },
      },
      {
        metric: `${c.name}: api p99 at ${load.rate} req/s`,
        unit: "ms",
        measured: api.fixed?.p99 ?? Number.NaN,
        target: { op: "<=", value: 10 },
      },
      { metric: `${c.name}: api max throughput`, unit: "req/s", measured: api.max.rps },
      {
        metric: `${c.name}: api (read cache off) max throughput`,
        unit: "req/s",
        measured: r.uncached?.max.rps ?? Number.NaN,
      },
      {
        metric: `${c.name}: api (read cache off) p99 at ${load.rate} req/s`,
        unit: "ms",
        measured: r.uncached?.fixed?.p99 ?? Number.NaN,
      },
      {
        metric: `${c.name}: api (reads from memory) max throughput`,
        unit: "req/s",
        measured: r.stubbed?.max.rps ?? Number.NaN,
      },
      { metric: `${c.name}: bare max throughput`, unit: "req/s", measured: bare.max.rps },
      { metric: `${c.name}: bare p99 at ${load.rate} req/s`, unit: "ms", measured: bare.fixed?.p99 ?? Number.NaN },
      {
        metric: `${c.name}: failed requests (all variants)`,
        unit: "",
        measured: Object.values(r).reduce((n, m) => n + m.max.failures + (m.fixed?.failures ?? 0), 0),
        target: { op: "<=", value: 0 },
      },
    );
  }
  const pass = report("api-reads", rows, {
    options: values,
    bytes: Object.fromEntries(Object.entries(bodiesFile.bodies).map(([p, b]) => [p, b.length])),
    results,
  });
  process.exitCode = pass ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
