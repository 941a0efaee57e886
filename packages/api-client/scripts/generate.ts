// Regenerates src/schema.ts from the committed openapi.json (which the api's contract test keeps equal to what
// /openapi.json serves). Run: pnpm --filter @trendpot/api-client generate
import { readFileSync, writeFileSync } from "node:fs";
import { generateTypes } from "./generate-types";

const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8"));
writeFileSync(new URL("../src/schema.ts", import.meta.url), await generateTypes(spec));
process.stdout.write("wrote src/schema.ts\n");
