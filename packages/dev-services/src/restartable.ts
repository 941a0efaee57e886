import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { MongoClient } from "mongodb";
import { type ServiceLog, stderrLog } from "./log";
import { type ManagedProcess, startProcess } from "./managed-process";
import { REPLICA_SET } from "./mongo";
import { freePort, waitForPort } from "./net";
import { toolPath } from "./tools";

/**
 * A server of our own that a test may take down and bring back on the same port and data directory, to check
 * that clients recover from an outage and that acknowledged data survives it. Never shared with other tests.
 */
export interface RestartableService {
  /** `redis://127.0.0.1:PORT` or `mongodb://127.0.0.1:PORT/?replicaSet=…`: stable across restarts. */
  readonly url: string;
  readonly kind: "redis-server" | "redis-sentinel" | "mongod";
  readonly port: number;
  /** Where the data lives (kept across `down`/`up`, removed by `stop`). */
  readonly dataDir: string;
  running(): boolean;
  /** Takes the server down: SIGTERM (clean shutdown) or SIGKILL (crash). Port and data stay reserved for `up`. */
  down(options?: { signal?: "SIGTERM" | "SIGKILL" }): Promise<void>;
  /** Starts the server again on the same port and data dir; resolves once it answers. */
  up(): Promise<void>;
  /** `down` then `up`. */
  restart(options?: { signal?: "SIGTERM" | "SIGKILL" }): Promise<void>;
  /** Stops the server for good and removes its directory. */
  stop(): Promise<void>;
}

export interface RestartableOptions {
  /** Fixed port [a free one, chosen once and kept for every restart]. */
  port?: number;
  /** Directory for data and logs [a new temp dir]. */
  dir?: string;
  /** More server arguments (e.g. `--setParameter ttlMonitorSleepSecs=1`) [none]. */
  args?: string[];
  log?: ServiceLog;
}

/** How to launch one server and tell that it serves; the topologies build their members from this. */
export interface ServerSpec {
  kind: RestartableService["kind"];
  url: string;
  port: number;
  dir: string;
  dataDir: string;
  launch(generation: number): ManagedProcess;
  ready(): Promise<void>;
  log: ServiceLog;
}

export async function restartable(spec: ServerSpec): Promise<RestartableService> {
  let proc: ManagedProcess | undefined;
  let generation = 0;
  const running = () => proc !== undefined && proc.exited() === undefined;
  const up = async () => {
    if (running()) return;
    generation += 1;
    const started = spec.launch(generation);
    proc = started;
    await waitForPort(spec.port, { timeoutMs: 30_000, alive: started.exited });
    await spec.ready();
  };
  const down = async (options: { signal?: "SIGTERM" | "SIGKILL" } = {}) => {
    const current = proc;
    if (!current || current.exited() !== undefined) return;
    if (options.signal === "SIGKILL") {
      process.kill(current.pid, "SIGKILL");
      while (current.exited() === undefined) await new Promise((r) => setTimeout(r, 20));
    } else {
      await current.stop();
    }
  };
  await up();
  spec.log(`${spec.kind} (restartable) on ${spec.url}, data in ${spec.dataDir}`);
  return {
    url: spec.url,
    kind: spec.kind,
    port: spec.port,
    dataDir: spec.dataDir,
    running,
    down,
    up,
    restart: async (options) => {
      await down(options);
      await up();
    },
    stop: async () => {
      await down();
      rmSync(spec.dir, { recursive: true, force: true });
    },
  };
}

function prepare(options: RestartableOptions, prefix: string): { dir: string; dataDir: string } {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  return { dir, dataDir };
}

/**
 * A dedicated `redis-server` with append-only persistence fsynced on every write, so a crash (SIGKILL) loses
 * nothing the server acknowledged: what an outage test needs to tell "the service lost it" from "Redis lost it".
 */
export async function startRestartableRedis(options: RestartableOptions = {}): Promise<RestartableService> {
  const log = options.log ?? stderrLog;
  const binary = await toolPath("redis-server");
  const port = options.port ?? (await freePort());
  const { dir, dataDir } = prepare(options, "trendpot-redis-");
  const url = `redis://127.0.0.1:${port}`;
  return restartable({
    kind: "redis-server",
    url,
    port,
    dir,
    dataDir,
    log,
    launch: (generation) =>
      startProcess({
        name: `redis-${generation}`,
        command: binary,
        args: [
          ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dataDir, "--save", ""],
          ...["--appendonly", "yes", "--appendfsync", "always"],
          ...(options.args ?? []),
        ],
        dir,
      }),
    ready: async () => {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await client.connect();
        // A restarted server answers LOADING while it replays the AOF; ready means it serves commands.
        for (;;) {
          const info = await client.info("persistence");
          if (/loading:0/.test(info)) break;
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        client.disconnect();
      }
    },
  });
}

/**
 * A dedicated mongod with its data on disk, as a one-member replica set (like every MongoDB here) on a port that
 * never changes, so the set's config still names this member after a restart.
 */
export async function startRestartableMongo(options: RestartableOptions = {}): Promise<RestartableService> {
  const log = options.log ?? stderrLog;
  const command = await toolPath("mongod");
  const port = options.port ?? (await freePort());
  const { dir, dataDir } = prepare(options, "trendpot-mongo-");
  const url = `mongodb://127.0.0.1:${port}/?replicaSet=${REPLICA_SET}`;
  const args = [
    ...["--port", String(port), "--bind_ip", "127.0.0.1", "--dbpath", dataDir, "--replSet", REPLICA_SET],
    ...(options.args ?? []),
  ];
  return restartable({
    kind: "mongod",
    url,
    port,
    dir,
    dataDir,
    log,
    launch: (generation) => startProcess({ name: `mongo-${generation}`, command, args: [...args, "--quiet"], dir }),
    ready: () => initiateAndWaitForPrimary(port),
  });
}

/** Initiates the one-member set on first start; on every start waits until the member is a writable primary. */
async function initiateAndWaitForPrimary(port: number): Promise<void> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS: 10_000,
  });
  try {
    const admin = client.db("admin");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const hello = await admin.command({ hello: 1 });
      if (hello.isWritablePrimary === true) return;
      if (!hello.setName) {
        const members = [{ _id: 0, host: `127.0.0.1:${port}` }];
        await admin.command({ replSetInitiate: { _id: REPLICA_SET, members } }).catch((error: unknown) => {
          // Another caller (or an earlier start) initiated it: waiting for the primary is all that is left.
          if (!String((error as Error).message).includes("already initialized")) throw error;
        });
      }
      if (Date.now() > deadline) throw new Error(`mongod on port ${port} did not become primary within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.close();
  }
}
