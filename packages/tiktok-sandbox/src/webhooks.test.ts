import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "./crypto";
import { connect, postForm, startSandbox, testClock } from "./test-support";
import type { TikTokSandbox } from "./types";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[];
let waiters: (() => void)[];
let replyStatus: number;
let sbx: TikTokSandbox | undefined;

beforeEach(async () => {
  received = [];
  waiters = [];
  replyStatus = 200;
  receiver = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(replyStatus, { "content-type": "text/plain" }).end("thanks");
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/tiktok`;
});
afterEach(async () => {
  await sbx?.close();
  sbx = undefined;
  await new Promise((resolve) => receiver.close(resolve));
});

function nextDelivery(): Promise<void> {
  return new Promise((resolve) => waiters.push(resolve));
}

describe("webhooks", () => {
  it("sends a signed TikTok payload whose content is a JSON string", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, webhookUrl: receiverUrl });
    const openId = sbx.scenario.creators()[0]?.openId ?? "";
    const result = await sbx.scenario.sendWebhook({
      event: "video.publish.completed",
      openId,
      content: { share_id: "s1" },
    });
    expect(result).toEqual({ status: 200, body: "thanks" });

    const [delivery] = received;
    const t = clock.now() / 1000;
    expect(JSON.parse(delivery?.body ?? "")).toEqual({
      client_key: "sbx_client_key",
      event: "video.publish.completed",
      create_time: t,
      user_openid: openId,
      content: '{"share_id":"s1"}',
    });
    const header = String(delivery?.headers["tiktok-signature"]);
    expect(header).toMatch(new RegExp(`^t=${t},s=[0-9a-f]{64}$`));
    // Signed with the client secret by default, over the raw body.
    expect(
      verifyWebhookSignature("sbx_client_secret", header, delivery?.body ?? "", { nowSec: t, toleranceSec: 5 }),
    ).toBe(true);
  });

  it("takes a secret, timestamp and URL per call, and reports the receiver's status", async () => {
    sbx = await startSandbox({ webhookSecret: "whsec" });
    replyStatus = 500;
    const result = await sbx.scenario.sendWebhook({
      event: "authorization.removed",
      openId: "someone",
      content: { reason: 1 },
      url: receiverUrl,
      timestamp: 1633174587,
      secret: "secret",
    });
    expect(result.status).toBe(500);
    const [delivery] = received;
    expect(String(delivery?.headers["tiktok-signature"]).startsWith("t=1633174587,")).toBe(true);
    expect(verifyWebhookSignature("secret", String(delivery?.headers["tiktok-signature"]), delivery?.body ?? "")).toBe(
      true,
    );
    expect(sbx.scenario.webhookDeliveries()).toMatchObject([
      { event: "authorization.removed", status: 500, url: receiverUrl },
    ]);
    // Without a per-call secret the configured webhookSecret signs.
    await sbx.scenario.sendWebhook({ event: "x", openId: "someone", content: {}, url: receiverUrl });
    expect(
      verifyWebhookSignature("whsec", String(received[1]?.headers["tiktok-signature"]), received[1]?.body ?? ""),
    ).toBe(true);
  });

  it("revoke sends authorization.removed with reason 5, after the token is dead", async () => {
    sbx = await startSandbox({ webhookUrl: receiverUrl });
    const tokens = await connect(sbx);
    const delivered = nextDelivery();
    const response = await postForm(`${sbx.url}/v2/oauth/revoke/`, {
      client_key: sbx.clientKey,
      client_secret: sbx.clientSecret,
      token: tokens.access_token,
    });
    expect(response.status).toBe(200);
    await delivered;
    const payload = JSON.parse(received[0]?.body ?? "") as { event: string; user_openid: string; content: string };
    expect(payload).toMatchObject({ event: "authorization.removed", user_openid: tokens.open_id });
    expect(JSON.parse(payload.content)).toEqual({ reason: 5 });
    // Revoking again sends nothing more.
    await postForm(`${sbx.url}/v2/oauth/revoke/`, {
      client_key: sbx.clientKey,
      client_secret: sbx.clientSecret,
      token: tokens.access_token,
    });
    await sbx.close();
    expect(received).toHaveLength(1);
  });

  it("sendWebhook without any URL is refused; an unreachable receiver is reported", async () => {
    sbx = await startSandbox();
    await expect(sbx.scenario.sendWebhook({ event: "x", openId: "o", content: {} })).rejects.toThrow(/webhook URL/);
    await expect(
      sbx.scenario.sendWebhook({ event: "x", openId: "o", content: {}, url: "http://127.0.0.1:9/nothing" }),
    ).rejects.toThrow();
    expect(sbx.scenario.webhookDeliveries()[0]).toMatchObject({ status: 0, error: expect.any(String) });
  });
});
