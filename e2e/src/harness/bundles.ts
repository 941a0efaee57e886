import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./child";

/**
 * Builds an app's production bundle with its own tsup config (as the image's build stage does) into a fresh folder
 * inside the app, so the bundle's imports resolve against the app's own dependencies only, as in the image.
 */
export function buildBundle(app: "api" | "worker"): { dir: string; remove(): void } {
  const appDir = join(REPO_ROOT, "apps", app);
  const dir = mkdtempSync(join(appDir, ".bundle-"));
  const tsupPackage = createRequire(join(appDir, "package.json")).resolve("tsup/package.json");
  const bin = (JSON.parse(readFileSync(tsupPackage, "utf8")) as { bin: Record<string, string> }).bin.tsup ?? "";
  const built = spawnSync(process.execPath, [join(dirname(tsupPackage), bin), "--out-dir", dir, "--silent"], {
    cwd: appDir,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (built.status !== 0) throw new Error(`tsup (${app}) failed:\n${built.stdout}\n${built.stderr}`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
