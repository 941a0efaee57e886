// Prints a V8 .cpuprofile's top functions by self time (and the share of the profile each takes), so a profile
// taken with `node --cpu-prof` can be read without a browser:
//   node --import tsx bench/src/cpuprofile-top.ts <file.cpuprofile> [--top 30] [--by function|package|inclusive] [--last S]
// `inclusive` ranks functions by the time spent in them and everything they called.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "30" },
    by: { type: "string", default: "function" },
    last: { type: "string" },
  },
});
const file = positionals[0];
if (!file) throw new Error("usage: cpuprofile-top.ts <file.cpuprofile> [--top N] [--by function|package|inclusive]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

// Self time per node from the samples and their time deltas (hitCount alone ignores the sampling interval).
const selfUs = new Map<number, number>();
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
// `--last S`: only the final S seconds (e.g. one phase of a benchmark that ends the profile).
const totalUs = deltas.reduce((a, b) => a + b, 0);
const fromUs = values.last === undefined ? 0 : totalUs - Number(values.last) * 1e6;
let clockUs = 0;
for (let i = 0; i < samples.length; i += 1) {
  clockUs += deltas[i] ?? 0;
  if (clockUs < fromUs) continue;
  const id = samples[i] as number;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function packageOf(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:") || url === "") return url || "(native)";
  const parts = url.split("/");
  const at = parts.findIndex((p) => p === "apps" || p === "packages" || p === "bench");
  return at === -1 ? url : parts.slice(at, at + 2).join("/");
}

// Inclusive time (a function and everything it called), counted once per stack even when a function recurses.
const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusiveUs = new Map<number, number>();
function inclusive(id: number): number {
  const node = nodesById.get(id);
  const us = (selfUs.get(id) ?? 0) + (node?.children ?? []).reduce((sum, child) => sum + inclusive(child), 0);
  inclusiveUs.set(id, us);
  return us;
}
for (const node of profile.nodes) if (!inclusiveUs.has(node.id)) inclusive(node.id);

const byKey = new Map<string, number>();
for (const node of profile.nodes) {
  const us = values.by === "inclusive" ? (inclusiveUs.get(node.id) ?? 0) : (selfUs.get(node.id) ?? 0);
  if (us === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(apps|packages|bench)\//, "$1/");
  const key = values.by === "package" ? packageOf(url) : `${functionName || "(anonymous)"}  ${short}:${lineNumber + 1}`;
  // Inclusive mode names functions only once per stack: a child's time is already inside its caller's.
  byKey.set(key, (byKey.get(key) ?? 0) + us);
}
const rows = [...byKey.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
for (const [key, us] of rows) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}
