import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

type RouteSchema = Parameters<typeof zodSerializerCompiler>[0];

/**
 * Response serialization through the route's schema, compiled once per route and status: the zod schema becomes
 * JSON Schema and fast-json-stringify writes exactly the declared properties (an allowlist, as zod's strip was)
 * and fails on a missing required one. Parsing every answer with zod and then `JSON.stringify`-ing it cost more
 * than a bare route's whole request (≈ 0.3 ms for 50 accounts). Property order may differ from the schema's
 * (required ones first); JSON objects are unordered. A schema JSON Schema cannot express (a transform, a date)
 * keeps zod's serializer.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<RouteSchema["schema"]> = (route) => {
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    const jsonSchema = toJsonSchema(schema);
    if (jsonSchema) {
      const stringify = fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
      return (data) => stringify(data);
    }
  }
  return zodSerializerCompiler(route as RouteSchema);
};

function toJsonSchema(schema: z.ZodType): object | undefined {
  try {
    return z.toJSONSchema(schema, { io: "output", target: "draft-7", unrepresentable: "throw" });
  } catch {
    return undefined;
  }
}
