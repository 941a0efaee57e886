import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";

/** A Prometheus exporter together with the HTTP server that serves its scrape endpoint. */
export interface PrometheusEndpoint {
  readonly exporter: PrometheusExporter;
  /** Binds the server; resolves with the URL of the scrape endpoint (the real port when 0 was asked for). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

const METRICS_PATH = "/metrics";

/**
 * Builds the exporter without its own server: the exporter's built-in server does not report the port it bound,
 * and port 0 (tests, several workers on one host) needs that.
 */
export function createPrometheusEndpoint(port: number, host: string): PrometheusEndpoint {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "GET" && path === METRICS_PATH) {
      exporter.getMetricsRequestHandler(request, response);
      return;
    }
    response.statusCode = 404;
    response.end("Not found\n");
  });
  return {
    exporter,
    listen: () => listen(server, port, host),
    close: () => close(server),
  };
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}${METRICS_PATH}`);
    });
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
