import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildAppBundle } from "@trendpot/dev-services";
import { REPO_ROOT } from "./child";

/** An app's production bundle in a fresh folder inside the app (see `buildAppBundle`), removed with `remove()`. */
export function buildBundle(app: "api" | "worker"): { dir: string; remove(): void } {
  const dir = buildAppBundle(app, mkdtempSync(join(REPO_ROOT, "apps", app, ".bundle-")));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
