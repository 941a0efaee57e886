import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../harness/bundles";
import { accountOfUser, creatorOpenId, listVideos, sandboxPublicVideoIds, waitForIngestion } from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";

// What the image runs: each app's tsup bundle started with its telemetry preload, resolving third-party packages
// from the app's own dependencies. The other suites run the TypeScript sources, which resolve more loosely.
const bundles = { api: buildBundle("api"), worker: buildBundle("worker") };
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    name: "bundles",
    bundles: { api: bundles.api.dir, worker: bundles.worker.dir },
  });
});

afterAll(async () => {
  await stack?.stop();
  bundles.api.remove();
  bundles.worker.remove();
});

describe("the production bundles", () => {
  it("boot, and take a creator from consent to ingested videos", async () => {
    const openId = creatorOpenId(stack, "kofi.cooks");
    const connected = await connectOverHttp(stack, { userId: "user_bundles", openId });
    expect(connected.status).toBeLessThan(400);
    const account = await accountOfUser(stack, "user_bundles");
    await waitForIngestion(stack, account?.id ?? "");
    const listed = (await listVideos(stack, account?.id ?? "")).map((video) => video.id).sort();
    expect(listed).toEqual(sandboxPublicVideoIds(stack, openId).sort());
    await stack.assertAlive();
  });
});
