import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { ServiceUnavailableError } from "./errors";
import type { ServiceLog } from "./log";
import { freePort, isPortFree } from "./net";
import { MONGOD_VERSION, toolPath } from "./tools";

/** Which server answered: one we started through mongodb-memory-server, or one the caller pointed us at. */
export type MongoKind = "external" | "mongodb-memory-server";

/** The replica set name of every mongod we start: transactions and change streams need a replica set. */
export const REPLICA_SET = "trendpot";

export interface MongoService {
  uri: string;
  kind: MongoKind;
  stop(): Promise<void>;
}

/**
 * MONGODB_URI when given; else a one-member replica set of the provisioned mongod, started by
 * mongodb-memory-server. With `dataDir` the data (and the port, which the replica set config remembers) survive
 * restarts; without it every start is a fresh, throwaway database.
 */
export async function startMongo(input: { uri?: string; dataDir?: string; log: ServiceLog }): Promise<MongoService> {
  if (input.uri) return { uri: input.uri, kind: "external", stop: async () => {} };
  const binary = await toolPath("mongod");
  const { MongoMemoryReplSet } = await import("mongodb-memory-server");
  const persistent = input.dataDir ? await persistentInstance(input.dataDir) : undefined;
  const replSet = await MongoMemoryReplSet.create({
    binary: { systemBinary: binary, version: MONGOD_VERSION, checkMD5: false },
    replSet: {
      name: REPLICA_SET,
      count: 1,
      storageEngine: "wiredTiger",
      // Fewer log lines through mongodb-memory-server's pipe: a full pipe would stall mongod itself.
      args: ["--quiet"],
    },
    instanceOpts: persistent ? [persistent] : [{}],
  });
  const uri = replSet.getUri();
  input.log(
    `MongoDB ${MONGOD_VERSION}: one-member replica set on ${uri}${persistent ? ` (data in ${input.dataDir})` : ""}`,
  );
  return {
    uri,
    kind: "mongodb-memory-server",
    // A persistent data dir is kept; a throwaway one is removed.
    stop: async () => void (await replSet.stop({ doCleanup: !persistent, force: false })),
  };
}

/**
 * The replica set config names the member's host and port, so a kept data dir must come back on the same port:
 * it is chosen once and written beside the data.
 */
async function persistentInstance(dataDir: string): Promise<{ dbPath: string; port: number }> {
  const dbPath = join(dataDir, "mongodb");
  const portFile = join(dataDir, "mongodb.port");
  mkdirSync(dbPath, { recursive: true });
  if (existsSync(portFile)) {
    const port = Number(readFileSync(portFile, "utf8").trim());
    if (!Number.isInteger(port) || port <= 0) {
      throw new ServiceUnavailableError(
        "MongoDB",
        `${portFile} does not hold a port`,
        "wipe the local data (npm run wipe)",
      );
    }
    if (!(await isPortFree(port))) {
      throw new ServiceUnavailableError(
        "MongoDB",
        `port ${port}, where the kept local database lives, is in use by another program`,
        "stop that program (another `npm start`?), or wipe the local data (npm run wipe)",
      );
    }
    return { dbPath, port };
  }
  const port = await freePort();
  writeFileSync(portFile, `${port}\n`);
  return { dbPath, port };
}

export async function pingMongo(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db("admin").command({ ping: 1 });
  } finally {
    await client.close();
  }
}
