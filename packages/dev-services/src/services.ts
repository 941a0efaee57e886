import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type KmsService, startKms } from "./kms";
import { type ServiceLog, stderrLog } from "./log";
import { type MongoKind, startMongo } from "./mongo";
import { type CollectorService, startCollector } from "./otelcol";
import { startRedis } from "./redis";
import { provisionTools, type ToolName } from "./tools";

/** Where the services are: plain data, so it can cross process boundaries (env, Vitest's provide/inject). */
export interface ServiceEndpoints {
  mongo?: { uri: string; kind: MongoKind };
  redis?: { url: string; kind: "external" | "redis-server" };
  kms?: Omit<KmsService, "stop">;
}

/** The OpenTelemetry Collector, when `startServices` was asked for it (the local stack). */
export interface CollectorEndpoints {
  collector?: Omit<CollectorService, "stop">;
}

export interface RunningServices extends ServiceEndpoints, CollectorEndpoints {
  stop(): Promise<void>;
}

export interface StartServicesOptions {
  mongo?: boolean;
  redis?: boolean;
  kms?: boolean;
  /** The OpenTelemetry Collector (default off: only the local stack runs it, see `ALL_TOOLS`). */
  collector?: boolean;
  /**
   * Keep MongoDB's and Redis's data here across restarts (the local stack); without it every start is fresh and
   * its data is removed on stop (tests).
   */
  dataDir?: string;
  /** Where to look for already-running services; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  log?: ServiceLog;
}

/**
 * Starts (or finds, through MONGODB_URI, REDIS_URL and KMS_ENDPOINT) the services asked for. Each started server
 * gets a free port and its own temp dir, and `stop()` ends them and removes the dir.
 */
export async function startServices(options: StartServicesOptions = {}): Promise<RunningServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? stderrLog;
  const dir = mkdtempSync(join(tmpdir(), "trendpot-services-"));
  const stops: Array<() => Promise<void>> = [];
  const endpoints: ServiceEndpoints & CollectorEndpoints = {};
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((s) => s()));
    rmSync(dir, { recursive: true, force: true });
  };
  const uris = {
    mongo: blankToUndefined(env.MONGODB_URI),
    redis: blankToUndefined(env.REDIS_URL),
    kms: blankToUndefined(env.KMS_ENDPOINT),
    collector: blankToUndefined(env.OTEL_EXPORTER_OTLP_ENDPOINT),
  };
  try {
    const needed: ToolName[] = [];
    if (options.mongo !== false && !uris.mongo) needed.push("mongod");
    if (options.redis !== false && !uris.redis) needed.push("redis-server");
    if (options.kms !== false && !uris.kms) needed.push("moto_server");
    if (options.collector && !uris.collector) needed.push("otelcol");
    await provisionTools(needed, log);
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    // Sequential on purpose: each start logs a line, and they read better one at a time.
    if (options.mongo !== false) {
      const mongo = await startMongo({ uri: uris.mongo, dataDir: options.dataDir, log });
      stops.push(mongo.stop);
      endpoints.mongo = { uri: mongo.uri, kind: inheritedMongoKind(mongo.kind, env.TRENDPOT_MONGO_KIND) };
    }
    if (options.redis !== false) {
      const redis = await startRedis({ url: uris.redis, dir, dataDir: options.dataDir, log });
      stops.push(redis.stop);
      endpoints.redis = { url: redis.url, kind: redis.kind };
    }
    if (options.kms !== false) {
      const kms = await startKms({
        endpoint: uris.kms,
        region: blankToUndefined(env.AWS_REGION),
        dir,
        log,
      });
      stops.push(kms.stop);
      const { stop: _stop, ...rest } = kms;
      endpoints.kms = rest;
      if (rest.kind === "external" && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
        endpoints.kms.credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
      }
    }
    if (options.collector) {
      const { stop: stopCollector, ...collector } = await startCollector({
        endpoint: uris.collector,
        dir: options.dataDir ? join(options.dataDir, "otelcol") : dir,
        log,
      });
      stops.push(stopCollector);
      endpoints.collector = collector;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...endpoints, stop };
}

/** The environment variables through which the apps (and nested test runs) find these services. */
export function servicesEnv(services: ServiceEndpoints & CollectorEndpoints): Record<string, string> {
  const env: Record<string, string> = {};
  if (services.mongo) env.MONGODB_URI = services.mongo.uri;
  if (services.redis) env.REDIS_URL = services.redis.url;
  if (services.kms) {
    env.AWS_REGION = services.kms.region;
    if (services.kms.endpoint) env.KMS_ENDPOINT = services.kms.endpoint;
    if (services.kms.credentials) {
      env.AWS_ACCESS_KEY_ID = services.kms.credentials.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = services.kms.credentials.secretAccessKey;
    }
    env.TIKTOK_TOKEN_ENC_KEY_ID = services.kms.keyAlias;
  }
  if (services.collector) env.OTEL_EXPORTER_OTLP_ENDPOINT = services.collector.otlpEndpoint;
  env.TRENDPOT_MONGO_KIND = services.mongo?.kind ?? "";
  return env;
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** A nested run (e.g. `trendpot-services run -- vitest`) still knows which server its parent started. */
function inheritedMongoKind(kind: MongoKind, inherited: string | undefined): MongoKind {
  if (kind !== "external") return kind;
  return inherited === "mongodb-memory-server" ? inherited : "external";
}
