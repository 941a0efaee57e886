import { createHash } from "node:crypto";
import { lookup } from "node:dns/promises";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { ServiceUnavailableError } from "./errors";
import { withLock } from "./lock";
import type { ServiceLog } from "./log";
import { startProcess } from "./managed-process";
import { freePort, waitForPort } from "./net";
import { projectRoot, toolsDir } from "./paths";
import { runCommand, which } from "./run";

/** Which server answered: the data layer runs the same code on each, and tests report it. */
export type MongoKind = "external" | "mongodb-memory-server" | "ferretdb";

export interface MongoService {
  uri: string;
  kind: MongoKind;
  stop(): Promise<void>;
}

export async function startMongo(input: { uri?: string; dir: string; log: ServiceLog }): Promise<MongoService> {
  if (input.uri) return { uri: input.uri, kind: "external", stop: async () => {} };
  const binary = await findMongodBinary();
  if (binary || (await canDownloadMongod())) return startMemoryServer(binary, input.log);
  return startFerretDb(input.dir, input.log);
}

export async function findMongodBinary(): Promise<string | undefined> {
  if (process.env.MONGOMS_SYSTEM_BINARY) return process.env.MONGOMS_SYSTEM_BINARY;
  const onPath = await which("mongod");
  if (onPath) return onPath;
  for (const cache of [
    join(homedir(), ".cache", "mongodb-binaries"),
    join(projectRoot(), "node_modules", ".cache", "mongodb-memory-server"),
  ]) {
    if (!existsSync(cache)) continue;
    const found = readdirSync(cache).find((f) => f.startsWith("mongod"));
    if (found) return join(cache, found);
  }
  return undefined;
}

/** A DNS answer for MongoDB's download host means we may be online; offline machines fail this at once. */
async function canDownloadMongod(): Promise<boolean> {
  const attempt = lookup("fastdl.mongodb.org").then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 3_000).unref());
  return Promise.race([attempt, timeout]);
}

async function startMemoryServer(binary: string | undefined, log: ServiceLog): Promise<MongoService> {
  const { MongoMemoryServer } = await import("mongodb-memory-server");
  log(binary ? `MongoDB: mongodb-memory-server with ${binary}` : "MongoDB: mongodb-memory-server (downloading mongod)");
  const server = await MongoMemoryServer.create(binary ? { binary: { systemBinary: binary } } : {});
  return { uri: server.getUri(), kind: "mongodb-memory-server", stop: async () => void (await server.stop()) };
}

async function startFerretDb(dir: string, log: ServiceLog): Promise<MongoService> {
  const binary = await buildFerretDb(log);
  const port = await freePort();
  const dataDir = join(dir, "ferretdb-data");
  mkdirSync(dataDir, { recursive: true });
  const proc = startProcess({
    name: "ferretdb",
    command: binary,
    args: ["-listen", `127.0.0.1:${port}`, "-dir", dataDir],
    dir,
  });
  await waitForPort(port, { timeoutMs: 30_000, alive: proc.exited });
  const uri = `mongodb://127.0.0.1:${port}/`;
  await pingMongo(uri);
  log(`MongoDB: FerretDB (SQLite) on ${uri}`);
  return { uri, kind: "ferretdb", stop: proc.stop };
}

export async function pingMongo(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db("admin").command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** Builds our FerretDB launcher once per source version into .tools/ferretdb (a few minutes on a fresh machine). */
export async function buildFerretDb(log: ServiceLog): Promise<string> {
  const source = join(projectRoot(), "packages", "dev-services", "ferretdb");
  const hash = createHash("sha256")
    .update(readFileSync(join(source, "main.go")))
    .update(readFileSync(join(source, "go.sum")))
    .digest("hex")
    .slice(0, 12);
  const outDir = join(toolsDir(), "ferretdb");
  const binary = join(outDir, `trendpot-ferretdb-${hash}`);
  if (existsSync(binary)) return binary;
  const go = await which("go");
  if (!go) {
    throw new ServiceUnavailableError(
      "MongoDB",
      "no MONGODB_URI, no mongod binary, no internet to download one, and no Go toolchain to build FerretDB",
      "set MONGODB_URI to a running MongoDB, put `mongod` on PATH (or MONGOMS_SYSTEM_BINARY), or install Go (https://go.dev, or `apt-get install golang`)",
    );
  }
  mkdirSync(outDir, { recursive: true });
  await withLock(join(outDir, ".lock"), async () => {
    if (existsSync(binary)) return;
    log("building FerretDB v1 (SQLite backend) with Go into .tools/ferretdb: first time only, takes a few minutes…");
    await runCommand(go, ["build", "-o", binary, "."], { cwd: source, env: { CGO_ENABLED: "0" } });
    log("FerretDB built");
  });
  return binary;
}
