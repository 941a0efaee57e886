import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateTypes } from "../scripts/generate-types";

describe("src/schema.ts", () => {
  it("is what openapi-typescript generates from the committed openapi.json", async () => {
    const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8"));
    const committed = readFileSync(new URL("./schema.ts", import.meta.url), "utf8");
    const fresh = await generateTypes(spec);
    // A diff here means openapi.json changed without regenerating: pnpm --filter @trendpot/api-client generate
    expect(committed === fresh, "src/schema.ts is stale: run pnpm --filter @trendpot/api-client generate").toBe(true);
  });
});
