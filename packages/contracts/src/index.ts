export { type BreakingChange, type Direction, diffSchemas, type SchemaRoots } from "./json-schema-diff";
export { diffOpenApi, isMajorBump } from "./openapi-diff";
export { checkSnapshot, type SnapshotOptions, type SnapshotResult } from "./snapshot";
