import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./paths";
import { TOOLS } from "./tools";

// Every program a test, a benchmark or the local stack starts must be one that provisioning installs before the
// first test: a program installed by whichever test happens to need it first is how a fresh machine fails where a
// warm one passes. So every spawn in the repository names its program in one of the ways below, or fails here.

const ROOT = projectRoot();
const SCANNED = ["apps", "packages", "e2e", "bench", "scripts"];
const SPAWNERS = ["spawn", "spawnSync", "execFile", "execFileSync", "fork", "runCommand"];
/** Shell-string spawns hide the program inside a string; none are allowed. */
const SHELL_SPAWNERS = ["exec", "execSync"];

/** Wrappers whose program comes from their caller, whose own call sites are checked here. */
const GENERIC: Record<string, string[]> = {
  "packages/dev-services/src/managed-process.ts": ["input.command"],
  "packages/dev-services/src/run.ts": ["command"],
  // `trendpot-services run -- CMD`: runs the command its user typed, like a shell does.
  "packages/dev-services/src/cli.ts": ["cmd"],
  // Each member's launcher; its caller passes `toolPath("mongod")` / `toolPath("redis-server")`.
  "packages/dev-services/src/topologies/mongo-replica-set.ts": ["input.command"],
  "packages/dev-services/src/topologies/redis-node.ts": ["input.binary"],
  "packages/dev-services/src/topologies/redis-sentinel.ts": ["input.binary"],
  // The local stack's supervisor; scripts/stack.ts passes `process.execPath`.
  "scripts/supervise.ts": ["options.command"],
};
/** The POSIX shell is part of every machine this runs on, like Node itself. */
const BASE_SYSTEM = ['"sh"', '"/bin/sh"'];
/** The provisioners themselves run the installers (apt-get, python's venv and pip, go and the Collector builder). */
const PROVISIONERS = new Set(["packages/dev-services/src/tools.ts", "packages/dev-services/src/otelcol-build.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

interface SpawnSite {
  file: string;
  line: number;
  program: string;
}

/** The program expression of every spawn-like call in a file. */
export function spawnSites(file: string, source: string): SpawnSite[] {
  const sites: SpawnSite[] = [];
  const at = (index: number) => source.slice(0, index).split("\n").length;
  const aliases = [...source.matchAll(/const\s+(\w+)\s*=\s*promisify\(\s*(execFile|exec)\s*\)/g)].map((m) => m[1]);
  const callNames = [...SPAWNERS, ...SHELL_SPAWNERS, ...aliases].join("|");
  for (const match of source.matchAll(new RegExp(`(?<![\\w.])(${callNames})\\(`, "g"))) {
    const before = source.slice(source.lastIndexOf("\n", match.index) + 1, match.index);
    if (/\bfunction\s*$/.test(before)) continue; // a declaration, not a call
    const name = match[1] ?? "";
    const program = SHELL_SPAWNERS.includes(name)
      ? `<shell string via ${name}>`
      : firstArgument(source, match.index + match[0].length);
    sites.push({ file, line: at(match.index), program });
  }
  for (const match of source.matchAll(/startProcess\(\{[\s\S]{0,400}?\bcommand(?::\s*([^,\n}]+))?/g)) {
    sites.push({ file, line: at(match.index), program: (match[1] ?? "command").trim() });
  }
  for (const match of source.matchAll(/\.launch\(\{[\s\S]{0,200}?\bexecutablePath(?::\s*([^,\n}]+))?/g)) {
    sites.push({ file, line: at(match.index), program: (match[1] ?? "executablePath").trim() });
  }
  return sites;
}

/** The text of a call's first argument: up to the first comma or parenthesis at its own nesting level. */
function firstArgument(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const char = source[i];
    if (char === "(" || char === "[" || char === "{") depth++;
    else if ((char === ")" || char === "]" || char === "}") && depth-- === 0) return source.slice(start, i).trim();
    else if (char === "," && depth === 0) return source.slice(start, i).trim();
  }
  return source.slice(start).trim();
}

/** A program is acceptable when it is Node itself or a provisioned tool, named inline or through a local const. */
function acceptable(site: SpawnSite, source: string): boolean {
  if (PROVISIONERS.has(site.file)) return true;
  if (GENERIC[site.file]?.includes(site.program)) return true;
  if (site.program === "process.execPath" || BASE_SYSTEM.includes(site.program)) return true;
  const tool = (expr: string) => {
    const named = /^(?:await\s+)?toolPath\(\s*"([\w-]+)"\s*\)$/.exec(expr.trim());
    return named?.[1] !== undefined && named[1] in TOOLS;
  };
  if (tool(site.program)) return true;
  if (!/^[\w$]+$/.test(site.program)) return false;
  const local = new RegExp(`(?:const|let)\\s+${site.program}\\s*=\\s*([^;\\n]+)`).exec(source);
  return local?.[1] !== undefined && (tool(local[1]) || local[1].trim() === "process.execPath");
}

describe("every spawned program is provisioned", () => {
  // This file's own examples of bad spawns are strings, not calls.
  const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).filter(
    (f) => !f.endsWith("spawn-guard.test.ts"),
  );

  it("finds the spawns it guards (the scan itself works)", () => {
    const all = files.flatMap((path) => spawnSites(relative(ROOT, path), readFileSync(path, "utf8")));
    expect(all.some((site) => site.file.endsWith("redis.ts") && site.program === "binary")).toBe(true);
    expect(all.some((site) => site.program === "process.execPath")).toBe(true);
  });

  it("spawns nothing but Node and the tools that provisioning installs", () => {
    const offenders = files.flatMap((path) => {
      const source = readFileSync(path, "utf8");
      return spawnSites(relative(ROOT, path), source)
        .filter((site) => !acceptable(site, source))
        .map((site) => `${site.file}:${site.line} spawns ${site.program}`);
    });
    expect(offenders, "add the program to TOOLS in dev-services/src/tools.ts and use toolPath()").toEqual([]);
  });

  it("refuses a program that is not provisioned, a shell string, and an unnamed binary", () => {
    const bad = [
      'spawn("curl", ["-s"]);',
      'execSync("apt-get install -y foo");',
      "const bin = '/usr/bin/prometheus';\nspawn(bin, []);",
      'spawn(await toolPath("not-a-tool"), []);',
    ];
    for (const source of bad) {
      const sites = spawnSites("x.ts", source);
      expect(sites).toHaveLength(1);
      expect(sites.every((site) => acceptable(site, source))).toBe(false);
    }
    const good = 'const binary = await toolPath("redis-server");\nstartProcess({ name: "r", command: binary, args });';
    expect(spawnSites("x.ts", good).every((site) => acceptable(site, good))).toBe(true);
  });
});
