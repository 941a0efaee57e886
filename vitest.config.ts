import { defineConfig } from "vitest/config";

// One Vitest run over every package and app. Services (MongoDB, Redis, KMS) are started once by
// `scripts/tp.sh test` and reach test files through environment variables; a package run on its own starts them
// through its project's global setup instead.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "e2e"],
  },
});
