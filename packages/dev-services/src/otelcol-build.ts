import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ServiceUnavailableError } from "./errors";
import type { ServiceLog } from "./log";
import { projectRoot, toolsDir } from "./paths";
import { runCommand, which } from "./run";

/**
 * The Collector is built from Go modules by the Collector builder (ocb) at this version; the components and their
 * versions are pinned in ops/otelcol-builder.yaml and must move with it.
 */
export const OTELCOL_VERSION = "0.165.0";

const otelcolDir = () => join(toolsDir(), `otelcol-${OTELCOL_VERSION}`);

/** Where the built Collector lives (the builder's `output_path` is `./build`, relative to its directory). */
export function otelcolBinary(): string {
  return join(otelcolDir(), "build", "otelcol-trendpot");
}

/** Whether the Collector is built or can be (Go is on PATH): the local stack runs without it otherwise. */
export async function otelcolAvailable(): Promise<boolean> {
  return existsSync(otelcolBinary()) || (await which("go")) !== undefined;
}

/**
 * Builds the Collector into .tools/otelcol-<version>/. Measured on a 2-core machine with an empty Go module cache:
 * 13.7 minutes (2 min for the builder, 1 min of module downloads, 10.8 min compiling); later runs find the binary
 * and take no time. Progress lines every 30 s say it is still working.
 */
export async function buildOtelcol(log: ServiceLog): Promise<void> {
  const go = await which("go");
  if (!go) {
    throw new ServiceUnavailableError(
      "otelcol",
      "Go is not installed, and the OpenTelemetry Collector is built from Go modules",
      "install Go 1.25 or later (https://go.dev/dl/, unpacked into /usr/local/go with /usr/local/go/bin on PATH), or point OTEL_EXPORTER_OTLP_ENDPOINT at a running Collector",
    );
  }
  const dir = otelcolDir();
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tick = setInterval(
    () => log(`  …still building the Collector (${((Date.now() - started) / 60_000).toFixed(1)} min so far)`),
    30_000,
  );
  try {
    log(`  OpenTelemetry Collector ${OTELCOL_VERSION}: building from Go modules (about 15 min the first time)…`);
    // The builder and Go write scratch dirs under TMPDIR and leave some behind on failure: they stay in the
    // tool's own dir, which the next build starts by removing.
    const scratch = join(dir, "tmp");
    mkdirSync(scratch);
    const env = { GOBIN: join(dir, "bin"), CGO_ENABLED: "0", TMPDIR: scratch, GOTMPDIR: scratch };
    await runCommand(go, ["install", `go.opentelemetry.io/collector/cmd/builder@v${OTELCOL_VERSION}`], {
      env,
      quiet: true,
    });
    await generateSources(join(dir, "bin", "builder"), dir, env);
    const build = join(dir, "build");
    // -e: a proxy may refuse modules that only the components' own tests import (seen: otlpencodingextension,
    // imported by fileexporter's tests); the build never needs them.
    await runCommand(go, ["mod", "tidy", "-e"], { cwd: build, env, quiet: true });
    await runCommand(go, ["build", "-trimpath", "-ldflags=-s -w", "-o", "otelcol-trendpot", "."], {
      cwd: build,
      env,
      quiet: true,
    });
  } finally {
    clearInterval(tick);
    rmSync(join(dir, "tmp"), { recursive: true, force: true });
  }
  if (!existsSync(otelcolBinary())) throw new Error(`the Collector build did not produce ${otelcolBinary()}`);
  log(`  OpenTelemetry Collector built in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}

/**
 * The builder writes the sources and go.mod, then runs a strict `go mod tidy` that fails where a test-only module
 * cannot be fetched; its sources are complete by then, so that one failure is left to the lenient tidy above.
 */
async function generateSources(builder: string, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const manifest = join(projectRoot(), "ops", "otelcol-builder.yaml");
  try {
    await runCommand(builder, [`--config=${manifest}`, "--skip-compilation"], { cwd: dir, env, quiet: true });
  } catch (error) {
    const generated = ["go.mod", "components.go", "main.go"].every((file) => existsSync(join(dir, "build", file)));
    if (!generated) throw error;
  }
}
