import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    globalSetup: ["../../packages/dev-services/src/vitest-setup.ts"],
    testTimeout: 60_000,
  },
});
