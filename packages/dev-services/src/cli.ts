#!/usr/bin/env node
// trendpot-services: start (or find) MongoDB, Redis and KMS, then keep them up or run a command against them.
//   provision [TOOL…]  install every program the tests run, or the named ones (e.g. otelcol), then exit
//   up                 start the services, print their environment, wait for Ctrl-C
//   env                start the services, print `export` lines, wait for Ctrl-C
//   run -- CMD ARGS…   provision every tool, start the services, run CMD with their environment, stop them
//   wipe               remove the local stack's kept data (.data/)
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { localDataDir } from "./paths";
import { servicesEnv, startServices } from "./services";
import { ALL_TOOLS, provisionTools, TOOLS, type ToolName } from "./tools";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "provision") {
    // `provision otelcol` builds the Collector ahead of the first `npm start`; no names: what the tests need.
    const unknown = rest.filter((name) => !(name in TOOLS));
    if (unknown.length > 0) {
      console.error(`unknown tools: ${unknown.join(", ")} (known: ${Object.keys(TOOLS).join(", ")})`);
      return 2;
    }
    const paths = await provisionTools(rest.length > 0 ? (rest as ToolName[]) : ALL_TOOLS);
    for (const [name, path] of Object.entries(paths)) console.log(`${name}\t${path}`);
    return 0;
  }
  if (command === "wipe") {
    rmSync(localDataDir(), { recursive: true, force: true });
    console.error(`[dev-services] removed ${localDataDir()}`);
    return 0;
  }
  if (command !== "up" && command !== "env" && command !== "run") {
    console.error("usage: trendpot-services provision [TOOL…] | up | env | run -- CMD [ARGS…] | wipe");
    return 2;
  }
  const started = Date.now();
  // Tests and benchmarks may use any tool: install all of them before the first one starts.
  if (command === "run") await provisionTools(ALL_TOOLS);
  const services = await startServices();
  const env = servicesEnv(services);
  console.error(
    `[dev-services] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (MongoDB: ${services.mongo?.kind})`,
  );
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    await services.stop();
  };
  if (command === "run") {
    const args = rest[0] === "--" ? rest.slice(1) : rest;
    const [cmd, ...cmdArgs] = args;
    if (!cmd) {
      await stopAll();
      console.error("run needs a command after --");
      return 2;
    }
    const code = await runChild(cmd, cmdArgs, env);
    await stopAll();
    return code;
  }
  if (command === "up") console.log(JSON.stringify(env));
  else for (const [k, v] of Object.entries(env)) console.log(`export ${k}=${JSON.stringify(v)}`);
  await new Promise<void>((resolveWait) => {
    process.once("SIGINT", () => resolveWait());
    process.once("SIGTERM", () => resolveWait());
  });
  await stopAll();
  return 0;
}

function runChild(cmd: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", (error) => {
      console.error(`cannot run ${cmd}: ${error.message}`);
      resolveRun(127);
    });
    child.on("exit", (code, signal) => resolveRun(code ?? (signal ? 128 + 15 : 1)));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
