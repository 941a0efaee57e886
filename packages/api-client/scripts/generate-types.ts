import openapiTS, { astToString } from "openapi-typescript";

const BANNER = `// Generated from openapi.json by \`pnpm --filter @trendpot/api-client generate\`. Do not edit by hand:
// change the api's routes, update openapi.json (see the README) and regenerate.
`;

/** The TypeScript types (`paths`, `components`, `operations`) of an OpenAPI document, as committed in src/schema.ts. */
export async function generateTypes(spec: unknown): Promise<string> {
  // A parsed document, not a URL or path: openapi-typescript reads nothing from the network or disk.
  const ast = await openapiTS(spec as Parameters<typeof openapiTS>[0], { silent: true });
  return `${BANNER}\n${astToString(ast)}`;
}
