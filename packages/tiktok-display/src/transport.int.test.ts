import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTikTokClient } from "./client";
import type { TikTokApiError } from "./errors";
import { rejectionOf } from "./test-support";
import { undiciTransport } from "./transport";

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];

function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
  seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
  if (request.url === "/never") return;
  if (request.url === "/moved") {
    response.writeHead(302, { location: "/elsewhere" }).end();
    return;
  }
  response.setHeader("X-Tt-Logid", "log_123");
  response.setHeader("Set-Cookie", ["a=1", "b=2"]);
  response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ echoed: body }));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => answer(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const signal = () => AbortSignal.timeout(2_000);

describe("the default transport (undici's request)", () => {
  it("sends the method, headers and body, and reads status, headers in any case and the body", async () => {
    const reply = await undiciTransport(new URL("/v2/x/?q=1", base), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Bearer t" },
      body: "a=1&b=2",
      signal: signal(),
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("x-tt-logid")).toBe("log_123");
    expect(reply.headers.get("X-TT-LOGID")).toBe("log_123");
    expect(reply.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(reply.headers.get("retry-after")).toBeNull();
    expect(JSON.parse(await reply.text())).toEqual({ echoed: "a=1&b=2" });
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      url: "/v2/x/?q=1",
      headers: { authorization: "Bearer t", "content-type": "application/x-www-form-urlencoded" },
    });
  });

  it("returns a redirect as the answer instead of following it", async () => {
    const reply = await undiciTransport(new URL("/moved", base), { method: "GET", headers: {}, signal: signal() });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toBe("/elsewhere");
    expect(seen.some((request) => request.url === "/elsewhere")).toBe(false);
  });

  it("gives up when the signal aborts, even if the server never answers", async () => {
    const started = Date.now();
    const call = undiciTransport(new URL("/never", base), {
      method: "GET",
      headers: {},
      signal: AbortSignal.timeout(100),
    });
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("through the client: a refused connection is a retryable network error that names the socket's code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createTikTokClient({
      clientKey: "ck",
      clientSecret: "cs_secret_value_0123",
      oembedBaseUrl: `http://127.0.0.1:${port}`,
    });
    const error = (await rejectionOf(
      client.fetchOEmbed("https://www.tiktok.com/@a/video/7000000000000000001"),
    )) as TikTokApiError;
    expect(error.tiktokCode).toBe("network_error");
    expect(error.retryable).toBe(true);
    expect(error.details?.causeCode).toBe("ECONNREFUSED");
  });
});
