import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { projectRoot } from "./paths";

/**
 * Builds an app's production bundle with the app's own tsup config, as the image's build stage does: into
 * `apps/<app>/dist`, or `outDir` (keep it inside the app, so the bundle's imports resolve against the app's own
 * dependencies, as in the image). Returns the folder holding `main.js` and `register.js`.
 */
export function buildAppBundle(app: "api" | "worker", outDir?: string): string {
  const appDir = join(projectRoot(), "apps", app);
  const tsupPackage = createRequire(join(appDir, "package.json")).resolve("tsup/package.json");
  const bin = (JSON.parse(readFileSync(tsupPackage, "utf8")) as { bin: Record<string, string> }).bin.tsup ?? "";
  const args = [join(dirname(tsupPackage), bin), "--silent", ...(outDir ? ["--out-dir", outDir] : [])];
  const built = spawnSync(process.execPath, args, { cwd: appDir, encoding: "utf8", timeout: 120_000 });
  if (built.status !== 0) throw new Error(`tsup (${app}) failed:\n${built.stdout}\n${built.stderr}`);
  return outDir ?? join(appDir, "dist");
}
