// Import rules, checked in `npm test`:
//   1. no circular imports between files (relative imports inside a package);
//   2. no cycles between workspace packages;
//   3. apps depend on packages, never the reverse; leaf packages (config, errors) import nothing of ours;
//   4. no deep imports into another package's folders (only its exported entry points);
//   5. production code never reaches the test doubles: no file reachable from a package's production entry points
//      (its exports but `./testing` and `./corpus`) or from an app's `src/main.ts` imports the TikTok sandbox or the
//      dev services, and no package lists them in its `dependencies` (only in `devDependencies`).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const LEAVES = new Set(["@trendpot/config", "@trendpot/errors"]);
const TEST_DOUBLES = new Set(["@trendpot/tiktok-sandbox", "@trendpot/dev-services"]);
const TEST_ENTRIES = new Set(["./testing", "./corpus"]);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "visiting") return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

interface PackageJson {
  name: string;
  exports?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const workspaces = ["apps", "packages"].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => {
    const dir = join(root, group, name);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
    return { name: pkg.name, dir, isApp: group === "apps", pkg };
  }),
);
const byName = new Map(workspaces.map((w) => [w.name, w]));
const problems: string[] = [];
const fileGraph = new Map<string, Set<string>>();
const packageGraph = new Map<string, Set<string>>();

for (const ws of workspaces) {
  packageGraph.set(ws.name, new Set());
  for (const file of sourceFiles(join(ws.dir, "src"))) {
    const edges = new Set<string>();
    fileGraph.set(file, edges);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? "";
      if (spec.startsWith(".")) {
        const target = resolveRelative(file, spec);
        if (target) edges.add(target);
        continue;
      }
      const scoped = /^(@trendpot\/[^/]+)(\/.*)?$/.exec(spec);
      if (!scoped?.[1] || scoped[1] === ws.name) continue;
      const dep = byName.get(scoped[1]);
      const where = relative(root, file);
      if (!dep) problems.push(`${where}: unknown workspace package ${scoped[1]}`);
      else if (dep.isApp) problems.push(`${where}: imports the app ${dep.name} (apps are never imported)`);
      if (LEAVES.has(ws.name)) problems.push(`${where}: ${ws.name} is a leaf and may not import ${scoped[1]}`);
      if (scoped[2] && !/^\/(testing|corpus|browser)$/.test(scoped[2])) problems.push(`${where}: deep import ${spec}`);
      packageGraph.get(ws.name)?.add(scoped[1]);
    }
  }
}

const packageImports = new Map<string, Set<string>>();
for (const ws of workspaces) {
  for (const file of sourceFiles(join(ws.dir, "src"))) {
    const specs = [...readFileSync(file, "utf8").matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? "");
    packageImports.set(file, new Set(specs.map((spec) => /^(@trendpot\/[^/]+)/.exec(spec)?.[1] ?? "")));
  }
}
for (const ws of workspaces.filter((w) => !TEST_DOUBLES.has(w.name))) {
  for (const dep of Object.keys(ws.pkg.dependencies ?? {})) {
    if (TEST_DOUBLES.has(dep)) problems.push(`${ws.name}: lists ${dep} in dependencies (tests only: devDependencies)`);
  }
  const entries = ws.isApp
    ? [join(ws.dir, "src/main.ts")]
    : Object.entries(ws.pkg.exports ?? {})
        .filter(([key]) => !TEST_ENTRIES.has(key))
        .map(([, target]) => resolve(ws.dir, target));
  const seen = new Set<string>();
  const pending = entries.filter((entry) => fileGraph.has(entry));
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of packageImports.get(file) ?? []) {
      if (TEST_DOUBLES.has(dep)) problems.push(`${relative(root, file)}: production source imports ${dep}`);
    }
    pending.push(...(fileGraph.get(file) ?? []));
  }
}

const fileCycle = findCycle(fileGraph);
if (fileCycle) problems.push(`circular import: ${fileCycle.map((f) => relative(root, f)).join(" -> ")}`);
const packageCycle = findCycle(packageGraph);
if (packageCycle) problems.push(`circular package dependency: ${packageCycle.join(" -> ")}`);

if (problems.length > 0) {
  console.error(`Import rules broken:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`imports ok: ${fileGraph.size} files, ${packageGraph.size} packages, no cycles`);
