import { configDefaults, defineProject } from "vitest/config";

// The suites that need the OpenTelemetry Collector, whose first build (13.7 min on 2 cores) does not fit `npm test`'s
// budget: `npm run test:ops` builds it once, then runs these against it, one file at a time like the other e2e suites.
export default defineProject({
  root: import.meta.dirname,
  test: {
    name: "e2e-ops",
    include: ["src/**/*.ops.test.ts"],
    exclude: configDefaults.exclude,
    globalSetup: ["../packages/dev-services/src/vitest-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
