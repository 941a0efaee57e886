import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = resolve(dir, "..");
    if (parent === dir) throw new Error("dev-services: cannot find the repository root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/** Project-local, git-ignored cache for installed tools (the pinned mongod, the moto virtualenv). */
export function toolsDir(): string {
  return join(projectRoot(), ".tools");
}

/** The local stack's kept MongoDB and Redis data and demo keys (git-ignored; `npm run wipe` removes it). */
export function localDataDir(): string {
  return join(projectRoot(), ".data");
}
