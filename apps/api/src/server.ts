import { createTikTokMetrics } from "@trendpot/telemetry";
import type { FastifyBaseLogger } from "fastify";
import { buildApp } from "./app";
import type { ApiConfig } from "./config";
import { createDeps } from "./deps";

/** A listening api and how to stop it: drain in-flight requests (Fastify's close), then close the connections. */
export interface RunningServer {
  address: string;
  close(): Promise<void>;
}

/** Builds the deps and the app and listens on `PORT`/`HOST`. */
export async function startServer(config: ApiConfig, logger: FastifyBaseLogger): Promise<RunningServer> {
  const resources = await createDeps(config, logger, { metrics: createTikTokMetrics() });
  const app = await buildApp(resources);
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  return {
    address,
    close: async () => {
      await app.close();
      await resources.close();
    },
  };
}
