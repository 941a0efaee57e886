import { defineConfig } from "tsup";

// Production bundle: our workspace packages are TypeScript source, so they are bundled in; third-party
// dependencies stay external and are installed next to the bundle.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  target: "node22",
  platform: "node",
  sourcemap: true,
  clean: true,
  noExternal: [/^@trendpot\//],
});
