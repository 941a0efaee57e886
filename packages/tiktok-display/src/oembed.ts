import { AppError } from "@trendpot/errors";
import { joinUrl } from "./endpoints";
import { type HttpContext, sendTikTokRequest } from "./http";
import { OEmbedResponseSchema } from "./schemas";

/**
 * TikTok's oEmbed answer as parsed JSON. Only "is a JSON object" is checked here; `html` and every other member are
 * untrusted until the oEmbed sanitizer has validated them.
 */
export type RawOEmbed = Record<string, unknown>;

/** `GET ${oembedBaseUrl}/oembed?url=…` for a public TikTok video URL. No token is involved. */
export async function fetchOEmbed(ctx: HttpContext, oembedBaseUrl: string, videoUrl: string): Promise<RawOEmbed> {
  assertHttpUrl(videoUrl);
  const url = joinUrl(oembedBaseUrl, "/oembed");
  url.searchParams.set("url", videoUrl);
  return sendTikTokRequest(ctx, {
    endpoint: "oembed",
    method: "GET",
    url,
    headers: { accept: "application/json" },
    secrets: [],
    schema: OEmbedResponseSchema,
  });
}

function assertHttpUrl(value: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new AppError("VALIDATION_FAILED", { message: "The video URL must be an absolute http(s) URL." });
  }
}
