import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "../database";
import {
  createWebhookDeliveriesRepo,
  ensureWebhookDeliveriesIndexes,
  type WebhookDeliveriesRepo,
  webhookDeliveryKey,
} from "./webhook-deliveries-repo";

const services = testServices();
// Near the real now: TTL indexes delete documents whose time has passed, whatever a test thinks "now" is.
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);

describe("webhookDeliveryKey", () => {
  it("is stable for the same bytes and differs when header or body differ", () => {
    const key = webhookDeliveryKey("t=1,s=abc", '{"event":"authorization.removed"}');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookDeliveryKey("t=1,s=abc", Buffer.from('{"event":"authorization.removed"}'))).toBe(key);
    expect(webhookDeliveryKey("t=2,s=abc", '{"event":"authorization.removed"}')).not.toBe(key);
    expect(webhookDeliveryKey("t=1,s=ab", 'c{"event":"authorization.removed"}')).not.toBe(key);
  });
});

describe("webhook deliveries repository", () => {
  let database: Database;
  let repo: WebhookDeliveriesRepo;
  const input = (body: string, receivedAt = T0) => ({
    deliveryKey: webhookDeliveryKey("sig", body),
    event: "authorization.removed",
    openId: "open_1",
    receivedAt,
  });

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("webhooks") });
    await ensureWebhookDeliveriesIndexes(database.db);
    repo = createWebhookDeliveriesRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("records a delivery once and reports repeats", async () => {
    expect(await repo.recordIfNew(input("a"))).toBe(true);
    expect(await repo.recordIfNew(input("a"))).toBe(false);
    expect(await repo.recordIfNew(input("b"))).toBe(true);
  });

  it("lets one of several concurrent deliveries of the same bytes through", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => repo.recordIfNew(input("burst"))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("refuses a key that is not a hash", async () => {
    const error = await repo.recordIfNew({ ...input("x"), deliveryKey: "raw-signature" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
  });
});
