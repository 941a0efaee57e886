import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

const INBOUND_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Request ids: a well-formed inbound `x-request-id` (from a proxy or the platform) is kept so logs join up across
 * services; anything else is replaced, so a client cannot inject log lines or giant ids.
 */
export function generateRequestId(req: IncomingMessage): string {
  const inbound = req.headers["x-request-id"];
  if (typeof inbound === "string" && INBOUND_ID.test(inbound)) return inbound;
  return `req_${randomBytes(12).toString("base64url")}`;
}
