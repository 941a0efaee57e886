import { defineConfig } from "tsup";

// Production bundle: our workspace packages are TypeScript source, so they are bundled in; every third-party
// package stays external (so the OpenTelemetry instrumentations can patch mongodb and ioredis as Node loads them)
// and must be a dependency of this app, which is what the image installs next to the bundle.
export default defineConfig({
  // register.js is the preload the image starts with (`--import ./dist/register.js`); code both entries use is
  // split into shared chunks, so the preload and the app share one telemetry module.
  entry: ["src/main.ts", "src/register.ts"],
  splitting: true,
  format: ["esm"],
  target: "node22",
  platform: "node",
  sourcemap: true,
  clean: true,
  noExternal: [/^@trendpot\//],
  external: [/^[^./]/],
});
