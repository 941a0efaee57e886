import { signWebhook } from "./crypto";
import { invalidInput } from "./errors";
import type { SandboxWebhookDelivery, SendWebhookInput } from "./types";

export interface WebhookConfig {
  clientKey: string;
  secret: string;
  url: string | undefined;
  now: () => number;
}

const DELIVERY_TIMEOUT_MS = 10_000;

/** The raw JSON body TikTok posts: `content` is itself a JSON-encoded string. */
export function webhookBody(
  clientKey: string,
  input: { event: string; openId: string; content: unknown },
  createTime: number,
): string {
  return JSON.stringify({
    client_key: clientKey,
    event: input.event,
    create_time: createTime,
    user_openid: input.openId,
    content: JSON.stringify(input.content),
  });
}

/** Signs and posts webhooks; one attempt each (TikTok retries for 72 h, which a test would not wait for). */
export class WebhookSender {
  readonly deliveries: SandboxWebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();

  constructor(private readonly config: WebhookConfig) {}

  async send(input: SendWebhookInput): Promise<{ status: number; body: string }> {
    const url = input.url ?? this.config.url;
    if (!url) throw invalidInput("no webhook URL: pass url or configure webhookUrl");
    const timestamp = input.timestamp ?? Math.floor(this.config.now() / 1000);
    const rawBody = webhookBody(this.config.clientKey, input, timestamp);
    const delivery: SandboxWebhookDelivery = {
      at: this.config.now(),
      url,
      event: input.event,
      openId: input.openId,
      status: 0,
    };
    this.deliveries.push(delivery);
    const attempt = (async () => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "TikTok-Signature": signWebhook(input.secret ?? this.config.secret, timestamp, rawBody),
          },
          body: rawBody,
          signal: AbortSignal.any([this.closing.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
        });
        delivery.status = response.status;
        return { status: response.status, body: await response.text() };
      } catch (error) {
        delivery.error = error instanceof Error ? error.message : String(error);
        throw error;
      }
    })();
    this.inFlight.add(attempt);
    try {
      return await attempt;
    } finally {
      this.inFlight.delete(attempt);
    }
  }

  /** Sends in the background (after the revoke answer), when a webhook URL is configured. */
  notify(input: Omit<SendWebhookInput, "url">): void {
    if (!this.config.url) return;
    this.send(input).catch(() => undefined);
  }

  /** Gives deliveries in flight a moment to finish, then aborts what is left. */
  async close(graceMs = 2000): Promise<void> {
    const pending = Promise.allSettled([...this.inFlight]);
    const timer = setTimeout(() => this.closing.abort(), graceMs);
    await pending;
    clearTimeout(timer);
  }
}
