import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "credentials",
    globalSetup: ["../dev-services/src/vitest-setup.ts"],
    testTimeout: 30_000,
  },
});
