import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

const INBOUND_ID = /^[A-Za-z0-9._-]{8,64}$/;
const ID_BYTES = 12;
// Random bytes are drawn a pool at a time: one randomBytes call per request cost as much as a bare route's whole
// request. The ids stay 96 random bits each; only the system calls are shared.
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

function nextRandomId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

/**
 * Request ids: a well-formed inbound `x-request-id` (from a proxy or the platform) is kept so logs join up across
 * services; anything else is replaced, so a client cannot inject log lines or giant ids.
 */
export function generateRequestId(req: IncomingMessage): string {
  const inbound = req.headers["x-request-id"];
  if (typeof inbound === "string" && INBOUND_ID.test(inbound)) return inbound;
  return `req_${nextRandomId()}`;
}
