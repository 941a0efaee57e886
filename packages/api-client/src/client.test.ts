import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClientError, ApiError, createApiClient } from "./index";

// A real HTTP server whose answers each test chooses: the client is exercised over the network, not stubbed.
let server: Server;
let baseUrl: string;
let handler: (request: IncomingMessage, response: ServerResponse) => void;
const seen: { url?: string; headers?: IncomingMessage["headers"]; body?: string } = {};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      Object.assign(seen, { url: request.url, headers: request.headers, body });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  handler = (_request, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  };
};
const SECRET_KEY = "tp_secret_key_never_in_errors_0123456789";

describe("createApiClient", () => {
  it("fills path and query, sends the key as a bearer token and the JSON body, and returns the JSON answer", async () => {
    json(200, { accountId: "acc_1", status: "revoked" });
    const client = createApiClient({ baseUrl: `${baseUrl}/`, apiKey: SECRET_KEY });
    const body = await client.post("/v1/accounts/{id}/revoke", {
      path: { id: "acc_1" },
      body: { reason: "creator asked" },
      requestId: "req_caller_1",
    });
    expect(body).toMatchObject({ accountId: "acc_1" });
    expect(seen.url).toBe("/v1/accounts/acc_1/revoke");
    expect(seen.headers).toMatchObject({ authorization: `Bearer ${SECRET_KEY}`, "x-request-id": "req_caller_1" });
    expect(JSON.parse(seen.body ?? "")).toEqual({ reason: "creator asked" });
    await client.get("/v1/accounts", { query: { status: "active", limit: 5 } });
    expect(seen.url).toBe("/v1/accounts?status=active&limit=5");
  });

  it("turns the error envelope into a typed ApiError with retry-after, and never echoes the key", async () => {
    json(
      429,
      { error: { code: "RATE_LIMITED", message: "Too many requests.", requestId: "req_9" } },
      {
        "retry-after": "12",
      },
    );
    const error = await createApiClient({ baseUrl, apiKey: SECRET_KEY })
      .get("/v1/accounts")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: "RATE_LIMITED", requestId: "req_9", retryAfterSec: 12 });
    expect(String((error as Error).message)).not.toContain(SECRET_KEY);
  });

  it("reports an answer that is not the envelope (a proxy's HTML page) as unexpected_response", async () => {
    handler = (_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html>Bad gateway</html>");
    };
    const error = await createApiClient({ baseUrl, apiKey: SECRET_KEY })
      .get("/v1/ops/budget")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error).toMatchObject({ kind: "unexpected_response", status: 502 });
  });

  it("gives up at the deadline when the server never answers", async () => {
    handler = () => {
      // never answers
    };
    const started = performance.now();
    const error = await createApiClient({ baseUrl, apiKey: SECRET_KEY, timeoutMs: 200 })
      .get("/health")
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("reports a refused connection as a network error", async () => {
    const error = await createApiClient({ baseUrl: "http://127.0.0.1:1", apiKey: SECRET_KEY })
      .get("/health")
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ApiClientError", kind: "network" });
    expect(String((error as Error).message)).not.toContain(SECRET_KEY);
  });

  it("refuses calls the spec does not allow, at compile time (checked by the typecheck)", () => {
    const client = createApiClient({ baseUrl, apiKey: SECRET_KEY });
    const wrongCalls = () => [
      // @ts-expect-error the path parameter is required
      client.get("/v1/accounts/{id}"),
      // @ts-expect-error the revoke reason is required
      client.post("/v1/accounts/{id}/revoke", { path: { id: "acc_1" }, body: {} }),
      // @ts-expect-error no such operation
      client.get("/v1/nothing-here"),
      // @ts-expect-error status takes the documented values only
      client.get("/v1/accounts", { query: { status: "paused" } }),
    ];
    expect(typeof wrongCalls).toBe("function");
  });
});
