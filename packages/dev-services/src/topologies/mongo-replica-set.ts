import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { type ServiceLog, stderrLog } from "../log";
import { startProcess } from "../managed-process";
import { freePort } from "../net";
import { type RestartableService, restartable } from "../restartable";
import { MONGOD_VERSION, toolPath } from "../tools";

/** The replica set name of the multi-member topology (distinct from the one-member sets, so URIs never mix). */
export const MULTI_MEMBER_SET = "trendpot-rs";

/** Three (or `members`) mongod processes as one replica set; each member can be killed and brought back. */
export interface MongoReplicaSet {
  /** `mongodb://h1,h2,h3/?replicaSet=…`: what a deployment's MONGODB_URI looks like. */
  readonly uri: string;
  readonly members: readonly RestartableService[];
  /** The index in `members` of the current primary; waits (bounded) until there is one. */
  primary(options?: { timeoutMs?: number }): Promise<number>;
  stop(): Promise<void>;
}

export interface MongoReplicaSetOptions {
  members?: number;
  /**
   * How long secondaries wait for the primary's heartbeat before calling an election [2,000 ms; MongoDB's default
   * is 10 s, which only makes failover tests slower without testing anything more].
   */
  electionTimeoutMs?: number;
  log?: ServiceLog;
}

/**
 * Starts the provisioned mongod `members` times with `--replSet`, initiates the set with every member electable,
 * and resolves once a primary accepts writes. Ports are free ones chosen once and kept across restarts, since the
 * set's config names each member by host and port.
 */
export async function startMongoReplicaSet(options: MongoReplicaSetOptions = {}): Promise<MongoReplicaSet> {
  const log = options.log ?? stderrLog;
  const command = await toolPath("mongod");
  const count = options.members ?? 3;
  const root = mkdtempSync(join(tmpdir(), "trendpot-mongo-rs-"));
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const members: RestartableService[] = [];
  const stop = async () => {
    await Promise.allSettled(members.map((member) => member.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [index, port] of ports.entries()) {
      members.push(await startMember({ command, port, dir: join(root, `member-${index}`), log }));
    }
    await initiate(ports, options.electionTimeoutMs ?? 2_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const hosts = ports.map((port) => `127.0.0.1:${port}`).join(",");
  const uri = `mongodb://${hosts}/?replicaSet=${MULTI_MEMBER_SET}`;
  const primary = async ({ timeoutMs = 30_000 } = {}) => findPrimary(ports, members, timeoutMs);
  await primary();
  log(`MongoDB ${MONGOD_VERSION}: ${count}-member replica set on ${uri}`);
  return { uri, members, primary, stop };
}

function startMember(input: { command: string; port: number; dir: string; log: ServiceLog }) {
  const dataDir = join(input.dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const args = [
    ...["--port", String(input.port), "--bind_ip", "127.0.0.1", "--dbpath", dataDir, "--replSet", MULTI_MEMBER_SET],
    // Three members share two cores and little memory: a small cache each, and no chatter in the logs.
    ...["--wiredTigerCacheSizeGB", "0.25", "--quiet"],
  ];
  return restartable({
    kind: "mongod",
    url: `mongodb://127.0.0.1:${input.port}/?directConnection=true`,
    port: input.port,
    dir: input.dir,
    dataDir,
    log: input.log,
    launch: (generation) =>
      startProcess({ name: `mongod-${input.port}-${generation}`, command: input.command, args, dir: input.dir }),
    // A member is up once it answers; which member is primary is the set's business, asked through `primary()`.
    ready: () => withDirect(input.port, async (admin) => void (await admin.command({ ping: 1 }))),
  });
}

async function withDirect<T>(port: number, use: (admin: ReturnType<MongoClient["db"]>) => Promise<T>): Promise<T> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
  });
  try {
    return await use(client.db("admin"));
  } finally {
    await client.close();
  }
}

async function initiate(ports: number[], electionTimeoutMillis: number): Promise<void> {
  const members = ports.map((port, index) => ({ _id: index, host: `127.0.0.1:${port}` }));
  const config = { _id: MULTI_MEMBER_SET, members, settings: { electionTimeoutMillis } };
  const first = ports[0];
  if (first === undefined) throw new Error("a replica set needs at least one member");
  await withDirect(first, (admin) => admin.command({ replSetInitiate: config }));
}

async function findPrimary(ports: number[], members: readonly RestartableService[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [index, port] of ports.entries()) {
      if (!members[index]?.running()) continue;
      const writable = await withDirect(port, async (admin) => (await admin.command({ hello: 1 })).isWritablePrimary)
        .then((value) => value === true)
        .catch(() => false);
      if (writable) return index;
    }
    if (Date.now() > deadline) throw new Error(`no primary was elected within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
