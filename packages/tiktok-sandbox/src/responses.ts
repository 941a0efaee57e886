import type { FastifyReply, FastifyRequest } from "fastify";
import type { SandboxContext } from "./context";
import type { SandboxEndpoint, SandboxRequest } from "./types";

/** What the sandbox notes about each request while answering it (the request log is built from it). */
export interface RequestInfo {
  /** undefined for the control API, which is not logged. */
  endpoint: SandboxEndpoint | undefined;
  at: number;
  logId: string;
  openId?: string;
  grantType?: string;
  errorCode?: string;
  fault?: SandboxRequest["fault"];
  malformed?: "non-json" | "truncated" | "missing-fields" | "empty";
}

declare module "fastify" {
  interface FastifyContextConfig {
    endpoint?: SandboxEndpoint;
  }
  interface FastifyRequest {
    sbx: RequestInfo;
  }
}

export const OAUTH_ENDPOINTS: readonly SandboxEndpoint[] = ["token", "revoke"];
export const DISPLAY_ENDPOINTS: readonly SandboxEndpoint[] = ["user.info", "video.list", "video.query"];

/** Display API success envelope: `data`, and an `error` whose code is `ok`. */
export function displayOk(request: FastifyRequest, reply: FastifyReply, data: unknown): FastifyReply {
  return reply.send({ data, error: { code: "ok", message: "", log_id: request.sbx.logId } });
}

/** Display API error envelope with `data: {}`. */
export function displayError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  request.sbx.errorCode = code;
  return reply.code(status).send({ data: {}, error: { code, message, log_id: request.sbx.logId } });
}

/** OAuth flat error `{error, error_description, log_id}`; HTTP 200 when that fault is on. */
export function oauthError(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: string,
  description: string,
): FastifyReply {
  request.sbx.errorCode = error;
  const code = ctx.faults.oauthErrorsWithStatus200 && status < 500 && status !== 429 ? 200 : status;
  return reply.code(code).send({ error, error_description: description, log_id: request.sbx.logId });
}

/** oEmbed error body (the sandbox's shape: TikTok's is UNVERIFIED). */
export function oembedError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  request.sbx.errorCode = String(status);
  return reply.code(status).send({ code: status, message });
}

/** An error in whichever shape the request's endpoint speaks. */
export function endpointError(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  const endpoint = request.sbx.endpoint;
  if (endpoint && OAUTH_ENDPOINTS.includes(endpoint)) return oauthError(ctx, request, reply, status, code, message);
  if (endpoint && DISPLAY_ENDPOINTS.includes(endpoint)) return displayError(request, reply, status, code, message);
  if (endpoint === "oembed") return oembedError(request, reply, status, message);
  request.sbx.errorCode = code;
  return reply.code(status).send({ error: { code, message } });
}
