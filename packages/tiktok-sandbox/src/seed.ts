import { createRng } from "./state/prng";
import type { SandboxStore } from "./state/store";
import type { CreatorInput, VideoInput } from "./types";

interface SeedCreator {
  creator: Partial<CreatorInput>;
  videos: number;
  /** Settled views of a typical video. */
  reach: number;
  captions: readonly string[];
  sounds: readonly string[];
  /** Indexes (newest first) of videos that are private: never listed or embeddable. */
  privateAt?: readonly number[];
}

/**
 * The seeded creators: one with more videos than two full pages (pagination), one with a page's worth, one small
 * account with a private video, and one without any video. Captions carry hashtags, emoji and an ampersand so
 * escaping and tag links get exercised.
 */
const SEED: readonly SeedCreator[] = [
  {
    creator: {
      username: "luna.makes",
      displayName: "Luna Rivera 🌙",
      bioDescription: "Ceramics, glazes & kiln fails. New pots every Friday ✨",
      isVerified: true,
      followerCount: 182_340,
      followingCount: 312,
      likesCount: 1_204_000,
    },
    videos: 45,
    reach: 120_000,
    captions: [
      "Throwing a 5 lb vase in one go #pottery #ceramics",
      "Glaze reveal: speckled oatmeal 😍 #glaze #kilnopening",
      "When the kiln gods say no #potteryfail",
      "Trimming is the most satisfying part #satisfying #pottery",
      "Mugs & more for the Friday drop #smallbusiness",
    ],
    sounds: ["Clay Days", "original sound"],
  },
  {
    creator: {
      username: "kofi.cooks",
      displayName: "Kofi Mensah",
      bioDescription: "Jollof debates settled here 🇬🇭 Recipes in 60 seconds.",
      followerCount: 45_210,
      followingCount: 188,
      likesCount: 310_500,
    },
    videos: 12,
    reach: 40_000,
    captions: [
      "Party jollof, the smoky way #jollof #ghanafood",
      "Kelewele in 60 seconds #streetfood #recipe",
      "Rating your jollof photos 😅 #jollofwars",
    ],
    sounds: ["Highlife Kitchen", "original sound"],
  },
  {
    creator: {
      username: "mei.runs",
      displayName: "Mei Chen",
      bioDescription: "Trail running & bad puns 🏃‍♀️",
      followerCount: 3_120,
      followingCount: 540,
      likesCount: 12_400,
    },
    videos: 4,
    reach: 2_500,
    captions: ["Sunrise hill repeats #trailrunning", "New shoes who dis #running #gear"],
    sounds: ["original sound"],
    privateAt: [1],
  },
  {
    creator: {
      username: "sam.starts",
      displayName: "Sam Okafor",
      bioDescription: "",
      followerCount: 12,
      followingCount: 40,
      likesCount: 0,
    },
    videos: 0,
    reach: 0,
    captions: [],
    sounds: [],
  },
];

/** Seeds the deterministic data set, with create times spread over the months before `nowSec`. */
export function seedStore(store: SandboxStore, nowSec: number): void {
  for (const seed of SEED) {
    const creator = store.addCreator(seed.creator);
    const rng = createRng(`seed:${creator.username}`);
    let createTime = nowSec - rng.int(3_600, 2 * 86_400);
    const videos: Partial<VideoInput>[] = [];
    for (let i = 0; i < seed.videos; i += 1) {
      const views = Math.floor(seed.reach * (0.2 + rng.next() * 2));
      const sound = rng.pick(seed.sounds);
      const fullHd = rng.next() < 0.8;
      videos.push({
        createTime,
        description: rng.pick(seed.captions),
        duration: rng.int(8, 75),
        width: fullHd ? 1080 : 576,
        height: fullHd ? 1920 : 1024,
        soundTitle: sound === "original sound" ? `original sound - ${creator.username}` : sound,
        visibility: seed.privateAt?.includes(i) ? "private" : "public",
        stats: {
          views,
          likes: Math.floor(views * (0.05 + rng.next() * 0.07)),
          comments: Math.floor(views * (0.003 + rng.next() * 0.006)),
          shares: Math.floor(views * (0.001 + rng.next() * 0.004)),
        },
      });
      createTime -= rng.int(43_200, 6 * 86_400);
    }
    store.addVideos(creator.openId, videos, nowSec);
  }
}
