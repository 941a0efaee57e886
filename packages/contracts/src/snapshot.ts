import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { BreakingChange } from "./json-schema-diff";

/** Options of {@link checkSnapshot}. */
export interface SnapshotOptions {
  /** The committed contract (JSON). */
  path: string;
  /** What the code produces now. */
  current: unknown;
  /** The breaking changes from the committed contract to the current one. */
  diff(before: unknown, after: unknown): BreakingChange[];
  /** Whether the current contract carries a new major version, which allows breaking changes. */
  bumped(before: unknown, after: unknown): boolean;
  /** Write the current contract when that is allowed (set from `UPDATE_CONTRACTS=1`). */
  update: boolean;
  /** The command that updates the snapshot, for the failure message. */
  updateCommand: string;
}

/** The verdict: `ok` false comes with a message that says what broke or how to update. */
export interface SnapshotResult {
  ok: boolean;
  status: "unchanged" | "written" | "compatible-change" | "breaking-change" | "missing";
  changes: BreakingChange[];
  message: string;
}

/**
 * Compares a contract with its committed snapshot. A breaking change without a version bump always fails and is
 * never written; a compatible change (or a bump) fails until the snapshot is updated with `updateCommand`, so the
 * committed file is always what the code publishes.
 */
export function checkSnapshot(options: SnapshotOptions): SnapshotResult {
  const write = () => writeFileSync(options.path, `${JSON.stringify(options.current, null, 2)}\n`);
  if (!existsSync(options.path)) {
    if (options.update) write();
    return options.update
      ? { ok: true, status: "written", changes: [], message: `wrote ${options.path}` }
      : { ok: false, status: "missing", changes: [], message: `${options.path} is missing: ${options.updateCommand}` };
  }
  const before: unknown = JSON.parse(readFileSync(options.path, "utf8"));
  if (isDeepStrictEqual(before, options.current)) return { ok: true, status: "unchanged", changes: [], message: "" };
  const changes = options.diff(before, options.current);
  if (changes.length > 0 && !options.bumped(before, options.current)) {
    const list = changes.map((change) => `  - ${change.at}: ${change.message}`).join("\n");
    return {
      ok: false,
      status: "breaking-change",
      changes,
      message: `Incompatible change to ${options.path} without a version bump:\n${list}\nKeep the old shape (add, do not change or remove), or publish a new major version (see the README's versioning rule).`,
    };
  }
  if (options.update) {
    write();
    return { ok: true, status: "written", changes, message: `updated ${options.path}` };
  }
  return {
    ok: false,
    status: "compatible-change",
    changes,
    message: `${options.path} is out of date; the change is compatible. Update it with: ${options.updateCommand}`,
  };
}
