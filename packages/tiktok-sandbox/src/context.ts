import { invalidInput } from "./errors";
import { FaultState } from "./faults";
import { SlidingWindowLimiter } from "./rate-limit";
import { SandboxStore } from "./state/store";
import { TokenStore } from "./state/tokens";
import type { SandboxOptions } from "./types";
import { WebhookSender } from "./webhooks";

export interface ResolvedOptions {
  host: string;
  port: number;
  clientKey: string;
  clientSecret: string;
  webhookSecret: string;
  redirectUris: string[] | undefined;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  rateLimit: { perMinute: number; perDay: number; resetHeaders: boolean; perEndpoint: boolean };
  webhookUrl: string | undefined;
  seed: boolean;
  logger: boolean;
}

/** Everything the routes and the scenario share. One per sandbox; nothing is module-global. */
export interface SandboxContext {
  options: ResolvedOptions;
  /** The sandbox clock (options.now plus what advanceClock added), ms. */
  now(): number;
  advanceClock(ms: number): void;
  store: SandboxStore;
  tokens: TokenStore;
  faults: FaultState;
  limiter: SlidingWindowLimiter;
  webhooks: WebhookSender;
  /** Aborted on close, so slow-response faults do not hold the server open. */
  closing: AbortController;
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const clientSecret = options.clientSecret ?? "sbx_client_secret";
  return {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    clientKey: options.clientKey ?? "sbx_client_key",
    clientSecret,
    webhookSecret: options.webhookSecret ?? clientSecret,
    redirectUris: options.redirectUris,
    accessTokenTtlSec: options.accessTokenTtlSec ?? 86_400,
    refreshTokenTtlSec: options.refreshTokenTtlSec ?? 31_536_000,
    rateLimit: {
      perMinute: options.rateLimit?.perMinute ?? 100,
      perDay: options.rateLimit?.perDay ?? 5_000,
      resetHeaders: options.rateLimit?.resetHeaders ?? false,
      perEndpoint: options.rateLimit?.perEndpoint ?? false,
    },
    webhookUrl: options.webhookUrl,
    seed: options.seed ?? true,
    logger: options.logger ?? false,
  };
}

export function createContext(options: SandboxOptions): SandboxContext {
  const resolved = resolveOptions(options);
  const baseNow = options.now ?? Date.now;
  let offsetMs = 0;
  const now = () => baseNow() + offsetMs;
  return {
    options: resolved,
    now,
    advanceClock: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw invalidInput("advanceClock takes a non-negative number of ms");
      offsetMs += ms;
    },
    store: new SandboxStore(),
    tokens: new TokenStore(),
    faults: new FaultState(),
    limiter: new SlidingWindowLimiter(resolved.rateLimit.perMinute, resolved.rateLimit.perDay),
    webhooks: new WebhookSender({
      clientKey: resolved.clientKey,
      secret: resolved.webhookSecret,
      url: resolved.webhookUrl,
      now,
    }),
    closing: new AbortController(),
  };
}
