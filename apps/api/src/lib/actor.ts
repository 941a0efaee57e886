import type { AuditActor } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { FastifyRequest } from "fastify";

/** The audit actor of an authenticated request (the API key's configured name, never the key). */
export function actorOf(request: FastifyRequest): AuditActor {
  if (!request.principal) throw new AppError("UNAUTHENTICATED");
  return { type: "api_key", id: request.principal.name };
}
