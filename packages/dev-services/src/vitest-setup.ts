import type { TestProject } from "vitest/node";
import { type RunningServices, startServices } from "./services";
import { ALL_TOOLS, provisionTools } from "./tools";

// Several Vitest projects share one main process; the first one to start services shares them with the rest.
const shared = globalThis as typeof globalThis & {
  __trendpotServices?: Promise<RunningServices>;
  __trendpotUsers?: number;
};

/** Vitest global setup: start (or find) MongoDB, Redis and KMS once, provide their endpoints to the tests. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every tool any test spawns is installed here, before the first test, not by the test that happens to need it.
  shared.__trendpotServices ??= provisionTools(ALL_TOOLS).then(() => startServices());
  shared.__trendpotUsers = (shared.__trendpotUsers ?? 0) + 1;
  const { stop: _stop, ...endpoints } = await shared.__trendpotServices;
  project.provide("services", endpoints);
  return async () => {
    shared.__trendpotUsers = (shared.__trendpotUsers ?? 1) - 1;
    if (shared.__trendpotUsers === 0 && shared.__trendpotServices) {
      const services = await shared.__trendpotServices;
      shared.__trendpotServices = undefined;
      await services.stop();
    }
  };
}
