import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "worker",
    globalSetup: ["../../packages/dev-services/src/vitest-setup.ts"],
    testTimeout: 60_000,
  },
});
