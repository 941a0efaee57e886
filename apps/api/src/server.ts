import { createKmsAuditMac, createKmsFromConfig } from "@trendpot/core";
import { createTikTokMetrics } from "@trendpot/telemetry";
import type { FastifyBaseLogger } from "fastify";
import { buildApp } from "./app";
import type { ApiConfig } from "./config";
import { createDeps } from "./deps";
import { startAuditAnchoring } from "./lib/audit-anchoring";

/** A listening api and how to stop it: drain in-flight requests (Fastify's close), then close the connections. */
export interface RunningServer {
  address: string;
  close(): Promise<void>;
}

/** Builds the deps and the app and listens on `PORT`/`HOST`. */
export async function startServer(config: ApiConfig, logger: FastifyBaseLogger): Promise<RunningServer> {
  const resources = await createDeps(config, logger, { metrics: createTikTokMetrics() });
  const kms = config.AUDIT_ANCHOR_KEY_ID ? createKmsFromConfig(config) : undefined;
  const auditMac = kms && config.AUDIT_ANCHOR_KEY_ID ? createKmsAuditMac(kms, config.AUDIT_ANCHOR_KEY_ID) : undefined;
  const app = await buildApp(auditMac ? { ...resources, auditMac } : resources);
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const anchoring = auditMac
    ? startAuditAnchoring({ deps: resources, mac: auditMac, intervalMs: config.AUDIT_ANCHOR_INTERVAL_MS, logger })
    : undefined;
  return {
    address,
    close: async () => {
      await anchoring?.stop();
      await app.close();
      await resources.close();
      kms?.destroy();
    },
  };
}
