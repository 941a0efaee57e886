import { defineProject } from "vitest/config";

// Every file starts its own api and worker processes: files run one at a time so two stacks never compete for
// the two CPU cores (which would only stretch timings, not find bugs).
export default defineProject({
  test: {
    name: "e2e",
    globalSetup: ["../packages/dev-services/src/vitest-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
