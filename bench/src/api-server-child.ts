// One server under test, in its own process, chosen by `BENCH_VARIANT`; prints `{"port":N}` on stdout when it
// listens and stops cleanly on SIGTERM. With `BENCH_PROFILE_DIR` it records a CPU profile from the moment it
// listens until it stops (boot and module loading left out) into that folder. Spawned by api-bench-support.ts.
//   api       the real api: every production plugin (API keys, Redis rate limits, helmet, request logging at info
//             into /dev/null through pino, OpenTelemetry with the Prometheus endpoint), its read cache and MongoDB
//   uncached  the same api with the read cache off (API_READ_CACHE_ENTRIES=0): every list read goes to MongoDB
//   stubbed   the same api with the two hot repository reads answered from memory
//   bare      a bare Fastify route sending the api's recorded answer as a string
//   bare+X    the bare route plus one of the api's own plugins (auth, rate-limit, helmet, logging, otel, zod)
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { createLogger, startTelemetry } from "@trendpot/telemetry";
import { z } from "zod";

const variant = process.env.BENCH_VARIANT ?? "bare";
const bodies = z
  .record(z.string(), z.string())
  .parse(process.env.BENCH_BODIES ? JSON.parse(readFileSync(process.env.BENCH_BODIES, "utf8")) : {});

interface Server {
  port: number;
  close(): Promise<void>;
}

// Production logs at info; the sink is /dev/null so the disk is not what is measured.
const logger = () => createLogger({ name: "bench-api", level: "info", destination: createWriteStream("/dev/null") });

async function startOtel() {
  return startTelemetry({
    serviceName: "bench-api",
    serviceVersion: "0.0.0",
    environment: "bench",
    prometheusPort: 0,
    prometheusHost: "127.0.0.1",
  });
}

async function main(): Promise<Server> {
  // Telemetry patches fastify, mongodb and ioredis when they load, so it starts before they are imported.
  const real = variant === "api" || variant === "uncached";
  const telemetry = real || variant === "stubbed" || variant === "bare+otel" ? await startOtel() : undefined;
  const { startApi, startBare } = await import("./api-child-variants");
  if (variant === "uncached") process.env.API_READ_CACHE_ENTRIES = "0";
  const server =
    real || variant === "stubbed"
      ? await startApi(variant === "stubbed" ? "stubbed" : "api", logger())
      : await startBare(variant, bodies, logger);
  return {
    port: server.port,
    close: async () => {
      await server.close();
      await telemetry?.shutdown();
    },
  };
}

/** Starts V8's profiler now; the returned function stops it and writes the .cpuprofile. */
async function startProfile(dir: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${variant}-${process.pid}.cpuprofile`), JSON.stringify(profile));
  };
}

main().then(
  async (server) => {
    const stopProfile = process.env.BENCH_PROFILE_DIR ? await startProfile(process.env.BENCH_PROFILE_DIR) : undefined;
    process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
    process.once("SIGTERM", () => {
      Promise.resolve(stopProfile?.())
        .then(() => server.close())
        .finally(() => process.exit(0));
    });
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
