import { storeTestTokens } from "@trendpot/credentials/testing";
import type { Account } from "@trendpot/db";
import { sanitizeOEmbed } from "@trendpot/oembed-sanitizer";
import type { TestApp } from "./harness";

const DAY = 86_400_000;

/**
 * An account with `videos` videos (the first with a sanitized sandbox embed), latest metrics and two days of
 * history on the first video. Tokens are stored through the credential store, i.e. encrypted.
 */
export async function seedAccount(
  t: TestApp,
  input: { userId: string; videos: number; scopes?: string[] },
): Promise<{ account: Account; videoIds: string[] }> {
  const creator = t.sandbox.scenario.addCreator();
  const sandboxVideos = t.sandbox.scenario.addVideos(creator.openId, input.videos);
  const scopes = input.scopes ?? ["user.info.basic", "video.list"];
  const account = await storeTestTokens(t.deps.credentials, {
    openId: creator.openId,
    userId: input.userId,
    grantedScopes: scopes,
    requestedScopes: ["user.info.basic", "user.info.stats", "video.list"],
    profile: { displayName: creator.displayName, syncedAt: new Date() },
    tokens: {
      accessToken: `act.seed-${creator.openId}`,
      refreshToken: `rft.seed-${creator.openId}`,
      accessExpiresAt: new Date(Date.now() + DAY),
      refreshExpiresAt: new Date(Date.now() + 30 * DAY),
    },
  });
  const first = sandboxVideos[0];
  const raw = first ? await t.deps.tiktok.fetchOEmbed(first.url) : undefined;
  const embed = raw ? sanitizeOEmbed(raw) : undefined;
  const now = new Date();
  await t.deps.videos.upsertMany(
    sandboxVideos.map((video, index) => ({
      id: video.id,
      accountId: account._id,
      userId: input.userId,
      title: video.title,
      description: video.description,
      createTime: new Date(video.createTime * 1000),
      shareUrl: video.url,
      ...(index === 0 && embed?.ok ? { embed: embed.value } : {}),
      metrics: { views: 1000 - index, likes: index * 10, comments: index, shares: 2 * index, at: now },
    })),
  );
  if (first) {
    await t.deps.metrics.appendPoints([
      {
        videoId: first.id,
        accountId: account._id,
        at: new Date(now.getTime() - DAY),
        views: 10,
        likes: 1,
        comments: 0,
        shares: 0,
      },
      { videoId: first.id, accountId: account._id, at: now, views: 1000, likes: 0, comments: 0, shares: 0 },
    ]);
  }
  return { account, videoIds: sandboxVideos.map((video) => video.id) };
}
