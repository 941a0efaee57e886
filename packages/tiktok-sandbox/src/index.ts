export { hexPkceChallenge, signWebhook, verifyWebhookSignature } from "./crypto";
export { SANDBOX_SCOPES, USER_FIELD_SCOPES, VIDEO_FIELDS } from "./fields";
export { createTikTokSandbox } from "./server";
export { sandboxClientOptions, sandboxServiceEnv } from "./service-env";
export { createRandom } from "./state/prng";
export type {
  ApiEndpoint,
  AuthorizeInput,
  CountedFault,
  CreatorInput,
  HostileOembed,
  SandboxCreator,
  SandboxEndpoint,
  SandboxFaults,
  SandboxOptions,
  SandboxRequest,
  SandboxScenario,
  SandboxVideo,
  SandboxWebhookDelivery,
  SendWebhookInput,
  TikTokSandbox,
  VideoInput,
  VideoStats,
} from "./types";
export { webhookBody } from "./webhooks";
