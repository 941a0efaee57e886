import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "dev-services",
    globalSetup: ["./src/vitest-setup.ts"],
    testTimeout: 30_000,
  },
});
