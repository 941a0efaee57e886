import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, testClock } from "./test-support";
import type { TikTokSandbox } from "./types";

const open: TikTokSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sbx) => sbx.close()));
});

async function start(options: Parameters<typeof startSandbox>[0]) {
  const sbx = await startSandbox(options);
  open.push(sbx);
  return sbx;
}

describe("seed", () => {
  it("is deterministic for a given clock", async () => {
    const clock = testClock();
    const a = await start({ now: clock.now });
    const b = await start({ now: clock.now });
    expect(a.scenario.creators()).toEqual(b.scenario.creators());
    for (const creator of a.scenario.creators()) {
      expect(a.scenario.videos(creator.openId)).toEqual(b.scenario.videos(creator.openId));
    }
  });

  it("holds a few creators with profiles, stats and videos spread over months", async () => {
    const clock = testClock();
    const sbx = await start({ now: clock.now });
    const creators = sbx.scenario.creators();
    expect(creators.map((c) => [c.username, c.videoCount])).toEqual([
      ["luna.makes", 45],
      ["kofi.cooks", 12],
      ["mei.runs", 3],
      ["sam.starts", 0],
    ]);
    for (const creator of creators) {
      expect(creator.openId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(creator.displayName).not.toBe("");
      expect(creator.avatarUrl).toMatch(/^https:\/\//);
    }
    const videos = sbx.scenario.videos(creators[0]?.openId ?? "");
    for (const video of videos) {
      expect(video.id).toMatch(/^\d{19}$/);
      expect(BigInt(video.id) >> 32n).toBe(BigInt(video.createTime)); // TikTok ids carry their create time
    }
  });

  it("metrics grow monotonically with the clock and start at zero", async () => {
    const clock = testClock();
    const sbx = await start({ now: clock.now, seed: false });
    const creator = sbx.scenario.addCreator();
    const [video] = sbx.scenario.addVideos(creator.openId, [{ stats: { views: 100_000, likes: 9_000 } }]);
    expect(video).toMatchObject({ viewCount: 0, likeCount: 0 });
    let previous = 0;
    for (const hours of [1, 6, 24, 72, 24 * 30, 24 * 365]) {
      clock.set(Date.UTC(2026, 0, 15, 12) + hours * 3_600_000);
      const views = sbx.scenario.videos(creator.openId)[0]?.viewCount ?? 0;
      expect(views).toBeGreaterThan(previous);
      previous = views;
    }
    const constant = sbx.scenario.addVideos(creator.openId, [{ stats: { views: 7 }, growth: false }]);
    expect(constant[0]?.viewCount).toBe(7);
  });

  it("seed: false starts empty; added videos get unique create times", async () => {
    const sbx = await start({ seed: false });
    expect(sbx.scenario.creators()).toEqual([]);
    const creator = sbx.scenario.addCreator({ username: "solo" });
    const videos = sbx.scenario.addVideos(creator.openId, [
      { createTime: 1_700_000_000 },
      { createTime: 1_700_000_000 },
    ]);
    expect(videos.map((v) => v.createTime)).toEqual([1_700_000_000, 1_699_999_999]);
    expect(() => sbx.scenario.addVideos("nobody", 1)).toThrow(/unknown creator/);
  });
});
