import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { type AuditMac, createKmsAuditMac } from "@trendpot/core";
import { type AuditLogEntry, COLLECTIONS, chainHash } from "@trendpot/db";
import { testServices } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../app";
import { startAuditAnchoring } from "../../lib/audit-anchoring";
import { createTestApp, type TestApp } from "../../test-support/harness";

let t: TestApp;
let kms: KMSClient;
let anchored: App;
let auditMac: AuditMac;

beforeAll(async () => {
  const services = testServices();
  kms = new KMSClient({
    endpoint: services.kms.endpoint,
    region: services.kms.region,
    ...(services.kms.credentials ? { credentials: services.kms.credentials } : {}),
  });
  const key = await kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }));
  t = await createTestApp();
  // The same deps with an anchor key, as startServer builds them when AUDIT_ANCHOR_KEY_ID is set.
  auditMac = createKmsAuditMac(kms, String(key.KeyMetadata?.KeyId));
  anchored = await buildApp({ ...t.deps, auditMac });
});
afterAll(async () => {
  await anchored?.close();
  await t?.close();
  kms?.destroy();
});

const verify = async () =>
  (await anchored.inject({ method: "GET", url: "/v1/audit-logs/verify", headers: t.auth("compliance") })).json();

describe("GET /v1/audit-logs/verify with anchors", () => {
  it("is ok after a checkpoint and fails once the anchored tail is rewritten and re-hashed", async () => {
    for (let i = 0; i < 3; i += 1) {
      await t.deps.auditWriter({ actor: { type: "system", id: "test" }, action: "sync.triggered", reason: `r${i}` });
    }
    // The periodic checkpoint runs its first tick at once; stop waits for it.
    await startAuditAnchoring({ deps: t.deps, mac: auditMac, intervalMs: 60_000, logger: t.deps.logger }).stop();
    expect(t.logs.join("")).toContain("audit head anchored");
    expect(await verify()).toMatchObject({ ok: true, anchors: { status: "ok" } });

    const logs = t.deps.db.collection<AuditLogEntry>(COLLECTIONS.auditLogs);
    let prevHash: string | undefined;
    for (const entry of await logs.find({}).sort({ seq: 1 }).toArray()) {
      const { hash: _old, ...rest } = entry;
      const unhashed = { ...rest, reason: "rewritten", prevHash: prevHash ?? entry.prevHash };
      prevHash = chainHash(unhashed.prevHash, unhashed);
      await logs.replaceOne({ _id: entry._id }, { ...unhashed, hash: prevHash });
    }
    const after = await verify();
    expect(after).toMatchObject({ ok: false, anchors: { status: "failed", problem: "anchor_mismatch" } });
  });
});
