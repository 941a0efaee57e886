import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where Debian's `prometheus` package puts the server. */
export const PROMETHEUS_BINARY = "/usr/bin/prometheus";

/**
 * Returns the Prometheus server binary, installing Debian's `prometheus` package when it is missing and we are
 * root. Anyone else gets an error saying what to install: the check must fail, never silently pass or skip.
 */
export function ensurePrometheusBinary(): string {
  if (existsSync(PROMETHEUS_BINARY)) return PROMETHEUS_BINARY;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${PROMETHEUS_BINARY} is missing and this process is not root: install Debian's prometheus package ` +
        "(sudo apt-get install -y prometheus) and run the test again",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let result = spawnSync("apt-get", ["install", "-y", "prometheus"], { env, encoding: "utf8" });
  // A fresh machine may have no package lists yet; one update makes the install possible.
  if (result.status !== 0) {
    spawnSync("apt-get", ["update"], { env, encoding: "utf8" });
    result = spawnSync("apt-get", ["install", "-y", "prometheus"], { env, encoding: "utf8" });
  }
  if (result.status !== 0 || !existsSync(PROMETHEUS_BINARY)) {
    throw new Error(
      `apt-get install -y prometheus failed (exit ${result.status}): ${String(result.stderr).slice(-2_000)}`,
    );
  }
  return PROMETHEUS_BINARY;
}
