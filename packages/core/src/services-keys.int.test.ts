import { Writable } from "node:stream";
import { CreateAliasCommand, CreateKeyCommand, UpdateAliasCommand } from "@aws-sdk/client-kms";
import { storeTestTokens } from "@trendpot/credentials/testing";
import { COLLECTIONS } from "@trendpot/db";
import { uniqueName } from "@trendpot/dev-services/testing";
import { createLogger, METRIC_NAMES, registerGauges } from "@trendpot/telemetry";
import { createTestMeter } from "@trendpot/telemetry/testing";
import { createKmsClient } from "@trendpot/token-cipher";
import { afterAll, describe, expect, it } from "vitest";
import { createServices, type Services } from "./services";
import { servicesTestConfig, testKmsCredentials, testTokenSet } from "./services-test-support";

const opened: Services[] = [];
const base = servicesTestConfig();
const kms = createKmsClient({
  region: base.AWS_REGION,
  endpoint: base.KMS_ENDPOINT,
  credentials: testKmsCredentials(),
});
afterAll(async () => {
  for (const services of opened) {
    await services.db.dropDatabase().catch(() => undefined);
    await services.close();
  }
  kms.destroy();
});

async function createKey(): Promise<{ arn: string; id: string }> {
  const key = await kms.send(
    new CreateKeyCommand({ Description: "services rotation test", KeyUsage: "ENCRYPT_DECRYPT" }),
  );
  return { arn: key.KeyMetadata?.Arn ?? "", id: key.KeyMetadata?.KeyId ?? "" };
}

/** Lines written by a logger, parsed. */
function captureLines() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

async function boot(config: typeof base, logLevel: "info" | "error" = "info") {
  const log = captureLines();
  const logger = createLogger({ name: "core-test", level: logLevel, destination: log.destination });
  const services = await createServices(config, { appName: "core-test", logger, kmsCredentials: testKmsCredentials() });
  opened.push(services);
  return { services, log };
}

async function previousKeyGauge(services: Services): Promise<unknown> {
  const test = createTestMeter();
  registerGauges(test.meter, { credentialsUnderPreviousKey: services.credentials.countUnderPreviousKey });
  const [point] = await test.points(METRIC_NAMES.credentialsUnderPreviousKey);
  return point?.value;
}

describe("createServices and the token key", () => {
  it("stamps the alias's ARN; a re-pointed alias is counted by the gauge until the sweep moves every credential", async () => {
    const first = await createKey();
    const alias = `alias/${uniqueName("tp-core")}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: first.id }));
    const config = { ...base, MONGODB_DB: uniqueName("core_keys"), TIKTOK_TOKEN_ENC_KEY_ID: alias };
    const { services: before } = await boot(config);
    const userId = uniqueName("user");
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const tokens = testTokenSet(`rot${i}`, 3_600_000);
      const input = {
        userId,
        openId: uniqueName("open"),
        grantedScopes: ["user.info.basic"],
        requestedScopes: ["user.info.basic"],
        tokens,
      };
      ids.push((await storeTestTokens(before.credentials, input))._id);
    }
    const stored = await before.credentials.accounts.getById(ids[0] ?? "");
    expect(stored?.credentials?.keyId).toBe(first.arn);
    expect(await previousKeyGauge(before)).toBe(0);

    const second = await createKey();
    await kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: second.id }));
    // The next boot with the same alias (the old key kept readable for the sweep) sees every credential left behind.
    const { services: after } = await boot({ ...config, TIKTOK_TOKEN_PREVIOUS_KEY_IDS: [first.id] });
    expect(after.cipher.currentKeyId).toBe(second.arn);
    expect(await previousKeyGauge(after)).toBe(3);

    const progress = await after.credentials.reEncryptAllCredentials({ batchSize: 10 });
    expect(progress).toMatchObject({ scanned: 3, reEncrypted: 3, failed: [], done: true });
    expect(await previousKeyGauge(after)).toBe(0);
    const moved = await after.credentials.accounts.getById(ids[0] ?? "");
    expect(moved?.credentials?.keyId).toBe(second.arn);
  });
});

describe("token decryption access records", () => {
  it("are written with LOG_LEVEL=error, where the log drops every info line", async () => {
    const { services, log } = await boot({ ...base, MONGODB_DB: uniqueName("core_access") }, "error");
    const tokens = testTokenSet("access", 3_600_000);
    const account = await storeTestTokens(services.credentials, {
      userId: uniqueName("user"),
      openId: uniqueName("open"),
      grantedScopes: ["user.info.basic"],
      requestedScopes: ["user.info.basic"],
      tokens,
    });
    const context = { requestId: uniqueName("req"), operation: "video.sync" };
    // The call itself needs no TikTok: what matters is the decryption before it.
    expect(await services.credentials.withDisplay(account._id, context, async () => "used")).toBe("used");

    expect(log.lines.filter((line) => line.event === "token.decrypt")).toEqual([]);
    const records = await services.tokenAccess.listByAccount(account._id);
    expect(records).toEqual([
      expect.objectContaining({ ...context, accountId: account._id, kind: "access", keyId: expect.any(String) }),
    ]);
    const stored = JSON.stringify(await services.db.collection(COLLECTIONS.tokenAccessRecords).find({}).toArray());
    expect(stored).not.toContain(tokens.accessToken);
  });

  it("refuse to hand out a token whose record cannot be written", async () => {
    const { services } = await boot({ ...base, MONGODB_DB: uniqueName("core_access_refused") });
    const account = await storeTestTokens(services.credentials, {
      userId: uniqueName("user"),
      openId: uniqueName("open"),
      grantedScopes: ["user.info.basic"],
      requestedScopes: ["user.info.basic"],
      tokens: testTokenSet("refused", 3_600_000),
    });
    // A validator no record satisfies stands in for a database that refuses the write.
    await services.db.command({
      collMod: COLLECTIONS.tokenAccessRecords,
      validator: { never: { $exists: true } },
      validationAction: "error",
    });
    let called = false;
    const context = { requestId: "req_refused", operation: "video.sync" };
    const use = services.credentials.withDisplay(account._id, context, async () => {
      called = true;
    });
    await expect(use).rejects.toThrow();
    expect(called).toBe(false);
    expect(await services.tokenAccess.listByAccount(account._id)).toEqual([]);
  });
});
