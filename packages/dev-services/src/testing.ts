import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { ServiceEndpoints } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    services: ServiceEndpoints;
  }
}

/** The services the Vitest global setup started or found. Fails loudly (never skips) when one is missing. */
export function testServices(): Required<ServiceEndpoints> {
  const services = inject("services");
  if (!services?.mongo || !services.redis || !services.kms) {
    throw new Error(
      "test services are missing: add globalSetup '../dev-services/src/vitest-setup.ts' to this package's vitest.config.ts",
    );
  }
  return services as Required<ServiceEndpoints>;
}

/** A name no other test uses (database, queue prefix, key): isolation by naming, never by wiping shared state. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}
