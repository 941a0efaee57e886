import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { sanitizeOEmbed } from "@trendpot/oembed-sanitizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import type { VideoSort, VideoUpsert } from "./video-schema";
import { createVideosRepo, ensureVideosIndexes, type VideosRepo } from "./videos-repo";

const services = testServices();
const T0 = new Date("2026-01-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function video(id: string, accountId: string, overrides: Partial<VideoUpsert> = {}): VideoUpsert {
  return {
    id,
    accountId,
    userId: `user_${accountId}`,
    title: `Video ${id}`,
    description: "plain text",
    createTime: at(Number(id.slice(-3))),
    shareUrl: `https://www.tiktok.com/@creator/video/${id}`,
    ...overrides,
  };
}

const metrics = (views: number, minutes: number) => ({
  views,
  likes: views + 1,
  comments: 2,
  shares: 3,
  at: at(minutes),
});

async function expectCode(promise: Promise<unknown>, code: "VALIDATION_FAILED" | "DB_DOCUMENT_INVALID") {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isAppError(error, code)).toBe(true);
}

describe("videos repository", () => {
  let database: Database;
  let repo: VideosRepo;

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("videos") });
    await ensureVideosIndexes(database.db);
    repo = createVideosRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("upserts idempotently: the same batch twice leaves the same documents", async () => {
    const batch = [
      video("7000000000000000001", "acc_idem", { metrics: metrics(10, 5) }),
      video("7000000000000000002", "acc_idem"),
    ];
    const first = await repo.upsertMany(batch, at(10));
    const before = await repo.listByAccount({ accountId: "acc_idem", sort: "createTime", order: "asc", limit: 10 });
    const second = await repo.upsertMany(batch, at(10));
    const after = await repo.listByAccount({ accountId: "acc_idem", sort: "createTime", order: "asc", limit: 10 });
    expect(first.insertedIds.sort()).toEqual(["7000000000000000001", "7000000000000000002"]);
    expect(second.insertedIds).toEqual([]);
    expect(after).toEqual(before);
    expect(await database.db.collection(COLLECTIONS.videos).countDocuments({ accountId: "acc_idem" })).toBe(2);
  });

  it("keeps firstSeenAt on re-ingestion and updates the rest", async () => {
    await repo.upsertMany([video("7000000000000000011", "acc_seen")], at(1));
    await repo.upsertMany([video("7000000000000000011", "acc_seen", { title: "Renamed" })], at(30));
    const doc = await repo.getById("7000000000000000011");
    expect(doc).toMatchObject({ title: "Renamed", firstSeenAt: at(1), updatedAt: at(30) });
  });

  it("never regresses metrics: older counts from re-ingestion or a late refresh are ignored", async () => {
    const id = "7000000000000000021";
    await repo.upsertMany([video(id, "acc_metrics", { metrics: metrics(100, 20) })], at(20));
    await repo.upsertMany([video(id, "acc_metrics", { metrics: metrics(50, 10) })], at(21));
    expect((await repo.getById(id))?.metrics).toEqual(metrics(100, 20));

    expect(await repo.applyMetrics([{ videoId: id, ...metrics(70, 15) }])).toEqual([]);
    expect(await repo.applyMetrics([{ videoId: id, ...metrics(100, 20) }])).toEqual([]);
    expect(await repo.applyMetrics([{ videoId: id, ...metrics(150, 25) }])).toEqual([id]);
    const doc = await repo.getById(id);
    expect(doc?.metrics).toEqual(metrics(150, 25));
    expect(doc?.lastRefreshedAt).toEqual(at(25));
  });

  it("applies a mixed batch in one write: only the newer counts of known videos, and says which", async () => {
    const [newer, older, fresh, same] = [
      "7000000000000000031",
      "7000000000000000032",
      "7000000000000000033",
      "7000000000000000034",
    ];
    await repo.upsertMany(
      [
        video(newer, "acc_mixed", { metrics: metrics(10, 5) }),
        video(older, "acc_mixed", { metrics: metrics(90, 40) }),
        video(fresh, "acc_mixed"),
        video(same, "acc_mixed", { metrics: metrics(50, 30) }),
      ],
      at(5),
    );
    const changed = await repo.applyMetrics([
      { videoId: newer, ...metrics(20, 30) },
      { videoId: older, ...metrics(80, 30) },
      { videoId: fresh, ...metrics(1, 30) },
      { videoId: same, ...metrics(60, 30) },
      { videoId: "7000000000000000039", ...metrics(1, 30) },
    ]);
    expect(changed.sort()).toEqual([newer, fresh]);
    expect((await repo.getById(older))?.metrics).toEqual(metrics(90, 40));
    expect((await repo.getById(fresh))?.metrics).toEqual(metrics(1, 30));
    // Counts already stored for the same instant stay, and are not reported as a change.
    expect((await repo.getById(same))?.metrics).toEqual(metrics(50, 30));
  });

  it("reports only the videos that still hold its counts when a newer write lands on some", async () => {
    const [kept, overtaken] = ["7000000000000000041", "7000000000000000042"];
    await repo.upsertMany([video(kept, "acc_race"), video(overtaken, "acc_race", { metrics: metrics(5, 1) })], at(1));
    // The other writer's newer counts land first; this call's guard then fails on that video alone.
    expect(await repo.applyMetrics([{ videoId: overtaken, ...metrics(9, 50) }])).toEqual([overtaken]);
    const changed = await repo.applyMetrics([
      { videoId: kept, ...metrics(7, 40) },
      { videoId: overtaken, ...metrics(8, 40) },
    ]);
    expect(changed).toEqual([kept]);
    expect((await repo.getById(overtaken))?.metrics).toEqual(metrics(9, 50));
  });

  it("stores an ingestion page with its next cursor in one transaction, and neither once the account is not active", async () => {
    const accounts = database.db.collection<{ _id: string; status: string; sync: Record<string, unknown> }>(
      COLLECTIONS.tiktokAccounts,
    );
    await accounts.insertOne({ _id: "acc_page", status: "active", sync: {} });
    const sync = async () => (await accounts.findOne({ _id: "acc_page" }))?.sync;

    const first = await repo.upsertForActiveAccount("acc_page", [video("7000000000000000051", "acc_page")], at(1), {
      ingestionCursor: 42,
    });
    expect(first).toEqual({ stored: true, insertedIds: ["7000000000000000051"] });
    expect(await sync()).toEqual({ videosWrittenAt: at(1), ingestionCursor: 42 });
    // The last page clears the cursor; a page without one leaves it as it is.
    await repo.upsertForActiveAccount("acc_page", [], at(2), { ingestionCursor: null });
    expect(await sync()).toEqual({ videosWrittenAt: at(2) });
    await repo.upsertForActiveAccount("acc_page", [], at(3), { ingestionCursor: 7 });
    await repo.upsertForActiveAccount("acc_page", [video("7000000000000000052", "acc_page")], at(4));
    expect(await sync()).toEqual({ videosWrittenAt: at(4), ingestionCursor: 7 });

    await accounts.updateOne({ _id: "acc_page" }, { $set: { status: "revoked" } });
    const refused = await repo.upsertForActiveAccount("acc_page", [video("7000000000000000053", "acc_page")], at(5), {
      ingestionCursor: 99,
    });
    expect(refused).toEqual({ stored: false, insertedIds: [] });
    expect(await sync()).toEqual({ videosWrittenAt: at(4), ingestionCursor: 7 });
    expect(await repo.getById("7000000000000000053")).toBeNull();
  });

  it("stores sanitized embeds and refuses unsanitized ones", async () => {
    const id = "7312345678901234567";
    const sanitized = sanitizeOEmbed(embedPayload(id, '<blockquote class="tiktok-embed"'));
    if (!sanitized.ok) throw new Error(sanitized.reason);
    await repo.upsertMany([video(id, "acc_embed", { embed: sanitized.value })]);
    expect((await repo.getById(id))?.embed?.html).toBe(sanitized.value.html);

    const hostile = { ...sanitized.value, html: `${sanitized.value.html}<script>alert(1)</script>` };
    await expectCode(repo.upsertMany([video(id, "acc_embed", { embed: hostile })]), "VALIDATION_FAILED");
    await repo.upsertMany([video(id, "acc_embed", { embedRejectedReason: "script_tag" })]);
    const doc = await repo.getById(id);
    expect(doc?.embed).toBeUndefined();
    expect(doc?.embedRejectedReason).toBe("script_tag");
  });

  it("rejects invalid input without writing", async () => {
    await expectCode(repo.upsertMany([video("not-a-tiktok-id", "acc_bad")]), "VALIDATION_FAILED");
    expect(await repo.countByAccount("acc_bad")).toBe(0);
  });

  it("turns a corrupt document into DB_DOCUMENT_INVALID on every read path", async () => {
    await repo.upsertMany([video("7000000000000000031", "acc_corrupt")]);
    await database.db
      .collection(COLLECTIONS.videos)
      .updateOne({ _id: "7000000000000000031" } as never, { $set: { createTime: "yesterday" } });
    await expectCode(repo.getById("7000000000000000031"), "DB_DOCUMENT_INVALID");
    await expectCode(
      repo.listByAccount({ accountId: "acc_corrupt", sort: "views", order: "desc", limit: 5 }),
      "DB_DOCUMENT_INVALID",
    );
    await expectCode(repo.listForRefresh("acc_corrupt"), "DB_DOCUMENT_INVALID");
  });
});

describe("videos pagination", () => {
  let database: Database;
  let repo: VideosRepo;
  const accountId = "acc_pages";
  const ids = Array.from({ length: 23 }, (_, i) => `71000000000000${String(100 + i).padStart(5, "0")}`);

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("videos_pages") });
    await ensureVideosIndexes(database.db);
    repo = createVideosRepo(database.db);
    // Ties on purpose: views take three values, createTime repeats, and every fifth video has no metrics yet.
    const batch = ids.map((id, i) =>
      video(id, accountId, { createTime: at(i % 4), ...(i % 5 === 0 ? {} : { metrics: metrics((i % 3) * 10, 1) }) }),
    );
    await repo.upsertMany([...batch, video("7199999999999999999", "acc_other", { metrics: metrics(5, 1) })]);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  const orders = (["createTime", "views", "likes"] as VideoSort[]).flatMap((sort) =>
    (["asc", "desc"] as const).map((order) => [sort, order] as const),
  );

  it.each(orders)("walks every page by %s %s in a stable total order", async (sort, order) => {
    const all = await repo.listByAccount({ accountId, sort, order, limit: 500 });
    const sortValue = (doc: (typeof all.items)[number]) =>
      sort === "createTime" ? doc.createTime.getTime() : (doc.metrics?.[sort] ?? Number.NEGATIVE_INFINITY);
    const dir = order === "asc" ? 1 : -1;
    const expected = [...all.items]
      .sort((a, b) => dir * (sortValue(a) - sortValue(b) || (a._id < b._id ? -1 : 1)))
      .map((doc) => doc._id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await repo.listByAccount({ accountId, sort, order, limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((doc) => doc._id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(all.items.map((doc) => doc._id)).toEqual(expected);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(ids.length);
    expect(pages).toBe(6);
  });

  it("rejects malformed, foreign and mismatched cursors with VALIDATION_FAILED", async () => {
    const page = await repo.listByAccount({ accountId, sort: "views", order: "desc", limit: 3 });
    const nextCursor = page.nextCursor ?? "";
    const base = { accountId, limit: 3 };
    await expectCode(repo.listByAccount({ ...base, sort: "views", order: "desc", cursor: "%%%" }), "VALIDATION_FAILED");
    const notJson = Buffer.from("nope").toString("base64url");
    await expectCode(
      repo.listByAccount({ ...base, sort: "views", order: "desc", cursor: notJson }),
      "VALIDATION_FAILED",
    );
    const wrongShape = Buffer.from(JSON.stringify({ s: "views", o: "desc", v: { $gt: 1 }, id: "x" })).toString(
      "base64url",
    );
    await expectCode(
      repo.listByAccount({ ...base, sort: "views", order: "desc", cursor: wrongShape }),
      "VALIDATION_FAILED",
    );
    await expectCode(
      repo.listByAccount({ ...base, sort: "likes", order: "desc", cursor: nextCursor }),
      "VALIDATION_FAILED",
    );
    await expectCode(
      repo.listByAccount({ ...base, sort: "views", order: "asc", cursor: nextCursor }),
      "VALIDATION_FAILED",
    );
    await expectCode(repo.listByAccount({ ...base, sort: "views", order: "desc", limit: 0 }), "VALIDATION_FAILED");
  });

  it("sums an account's latest counts correctly (one accumulator per $group)", async () => {
    const all = (await repo.listByAccount({ accountId, sort: "createTime", order: "asc", limit: 500 })).items;
    const sum = (pick: (m: NonNullable<(typeof all)[number]["metrics"]>) => number) =>
      all.reduce((total, doc) => total + (doc.metrics ? pick(doc.metrics) : 0), 0);
    const totals = await repo.accountTotals(accountId);
    expect(totals).toEqual({
      videos: 23,
      views: sum((m) => m.views),
      likes: sum((m) => m.likes),
      comments: sum((m) => m.comments),
      shares: sum((m) => m.shares),
    });
    expect(totals.likes).not.toBe(totals.views);
    expect(await repo.accountTotals("acc_nobody")).toEqual({ videos: 0, views: 0, likes: 0, comments: 0, shares: 0 });
  });

  it("lists refresh targets as a projection and finds the newest create time", async () => {
    const targets = await repo.listForRefresh(accountId);
    expect(targets).toHaveLength(23);
    expect(Object.keys(targets[1] ?? {}).sort()).toEqual(["createTime", "id", "lastRefreshedAt"]);
    expect(Object.keys(targets[0] ?? {}).sort()).toEqual(["createTime", "id"]);
    expect(await repo.newestCreateTime(accountId)).toEqual(at(3));
    expect(await repo.newestCreateTime("acc_nobody")).toBeNull();
  });
});

describe("videos removal and revocation", () => {
  let database: Database;
  let repo: VideosRepo;

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("videos_prune") });
    repo = createVideosRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("hides videos marked removed and shows them again when re-ingested", async () => {
    await repo.upsertMany([video("7200000000000000001", "acc_rm"), video("7200000000000000002", "acc_rm")]);
    expect(await repo.markRemoved("acc_rm", ["7200000000000000001", "7299999999999999999"], at(5))).toBe(1);
    expect(await repo.countByAccount("acc_rm")).toBe(1);
    expect((await repo.listForRefresh("acc_rm")).map((t) => t.id)).toEqual(["7200000000000000002"]);
    await repo.upsertMany([video("7200000000000000001", "acc_rm")]);
    expect(await repo.countByAccount("acc_rm")).toBe(2);
    expect((await repo.getById("7200000000000000001"))?.removedAt).toBeUndefined();
  });

  it("prunes only the revoked account's videos and returns their ids", async () => {
    const keep = video("7200000000000000099", "acc_keep");
    const gone = Array.from({ length: 5 }, (_, i) => video(`720000000000000010${i}`, "acc_gone"));
    await repo.upsertMany([...gone, keep]);
    const removed = await repo.pruneAccount("acc_gone");
    expect(removed.sort()).toEqual(gone.map((v) => v.id).sort());
    expect(await repo.countByAccount("acc_gone")).toBe(0);
    expect(await repo.getById(keep.id)).not.toBeNull();
    expect(await repo.pruneAccount("acc_gone")).toEqual([]);
  });
});

function embedPayload(id: string, open: string) {
  const html = `${open} cite="https://www.tiktok.com/@corpus.creator/video/${id}" data-video-id="${id}" data-embed-from="oembed" style="max-width: 605px;min-width: 325px;"> <section> <a target="_blank" title="@corpus.creator" href="https://www.tiktok.com/@corpus.creator?refer=embed">@corpus.creator</a> <p>Run </p> </section> </blockquote> <script async src="https://www.tiktok.com/embed.js"></script>`;
  return {
    version: "1.0",
    type: "video",
    title: "a caption",
    author_url: "https://www.tiktok.com/@corpus.creator",
    author_name: "corpus.creator",
    width: "100%",
    height: "100%",
    html,
    provider_url: "https://www.tiktok.com",
    provider_name: "TikTok",
    embed_product_id: id,
  };
}
