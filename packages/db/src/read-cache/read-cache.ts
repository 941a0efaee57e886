import type { ChangeStream, ChangeStreamDocument, Db, MongoClient, ResumeToken, Timestamp } from "mongodb";
import { COLLECTIONS } from "../collections";

/**
 * What a cached answer depends on: a scope (every account document, or one account's videos) and the documents
 * it holds. A change to the scope, or to one of those documents, drops the entry.
 */
export interface CacheDeps<T> {
  scope: "accounts" | `videos:${string}`;
  /** Ids of the documents in the answer: a video deleted or moved to another account drops the entries holding it. */
  ids(value: T): Iterable<string>;
}

export interface ReadCacheStats {
  live: boolean;
  entries: number;
  hits: number;
  misses: number;
  /** Reads answered from MongoDB because the change stream was not live. */
  bypassed: number;
  invalidations: number;
}

export interface ReadCache {
  /** `load()`'s answer for `key`, from memory while the change stream is live and nothing it depends on changed. */
  read<T>(key: string, deps: CacheDeps<T>, load: () => Promise<T>): Promise<T>;
  stats(): ReadCacheStats;
  close(): Promise<void>;
}

export interface ReadCacheOptions {
  client: MongoClient;
  db: Db;
  /** Most answers kept; the least recently read go first. */
  maxEntries: number;
  /** How long an idle change stream waits on the server before it answers empty (its heartbeat). */
  maxAwaitMs?: number;
  /** The stream is trusted while it answered within this long; past it every read goes to MongoDB. */
  staleAfterMs?: number;
  now?: () => number;
  onStreamError?: (error: unknown) => void;
}

interface Entry {
  value: unknown;
  scope: string;
  ids: string[];
}

type WatchedChange = ChangeStreamDocument<{ _id: string; accountId?: string }>;

const WATCHED: readonly string[] = [COLLECTIONS.tiktokAccounts, COLLECTIONS.videos];
const DOCUMENT_CHANGES = new Set<string>(["insert", "update", "replace", "delete"]);

/**
 * A read-through cache for the api's hot list reads, kept honest by a MongoDB change stream on accounts and videos:
 * every write, by any process, drops the entries it could change within milliseconds. The stream's idle answers
 * (every `maxAwaitMs`) are its heartbeat; when it has been silent for `staleAfterMs` (MongoDB down, a failover, a
 * stuck socket) the cache empties and every read goes to MongoDB until the stream answers again, so a stale answer
 * is never older than that. Until the stream has reported everything up to the newest cluster time MongoDB sent
 * this process, reads go to MongoDB, so a write followed by a read here sees the write.
 *
 * A load that overlaps any invalidation is answered but not kept: it may have read the state before the change.
 */
export function createReadCache(options: ReadCacheOptions): ReadCache {
  const now = options.now ?? Date.now;
  const maxAwaitMs = options.maxAwaitMs ?? 500;
  const staleAfterMs = options.staleAfterMs ?? 2_000;
  const entries = new Map<string, Entry>();
  const byScope = new Map<string, Set<string>>();
  const byDoc = new Map<string, Set<string>>();
  const counts = { hits: 0, misses: 0, bypassed: 0, invalidations: 0 };
  let generation = 0;
  let lastBeat = Number.NEGATIVE_INFINITY;
  let openedAt = 0;
  let stream: ChangeStream | undefined;
  let closed = false;
  let reopenTimer: NodeJS.Timeout | undefined;
  let reopenDelayMs = 1_000;

  const index = (map: Map<string, Set<string>>, name: string, key: string) => {
    const keys = map.get(name) ?? new Set<string>();
    keys.add(key);
    map.set(name, keys);
  };
  const unindex = (map: Map<string, Set<string>>, name: string, key: string) => {
    const keys = map.get(name);
    keys?.delete(key);
    if (keys?.size === 0) map.delete(name);
  };
  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    unindex(byScope, entry.scope, key);
    for (const id of entry.ids) unindex(byDoc, id, key);
  }
  function invalidate(keys: Iterable<string> | undefined): void {
    generation += 1;
    counts.invalidations += 1;
    for (const key of [...(keys ?? [])]) drop(key);
  }
  function invalidateAll(): void {
    generation += 1;
    counts.invalidations += 1;
    entries.clear();
    byScope.clear();
    byDoc.clear();
  }
  const live = () => stream !== undefined && now() - lastBeat <= staleAfterMs;
  // How far the stream has read MongoDB's history, against the newest cluster time any answer to this process
  // carried: behind it, a write this process made (or learned of) may not have been reported yet.
  let streamed: OpTime | undefined;
  const caughtUp = () => {
    const seen = clusterTimeOf(options.client);
    return seen !== undefined && streamed !== undefined && !isBefore(streamed, seen);
  };

  function onChange(change: WatchedChange): void {
    lastBeat = now();
    // Anything but a document's insert, update, replace or delete (a drop, a rename) may change every answer.
    if (!DOCUMENT_CHANGES.has(change.operationType) || !("ns" in change) || !("coll" in change.ns)) {
      invalidateAll();
      return;
    }
    if (change.ns.coll === COLLECTIONS.tiktokAccounts) {
      invalidate(byScope.get("accounts"));
      return;
    }
    const id = "documentKey" in change ? String(change.documentKey._id) : undefined;
    const accountId = "fullDocument" in change ? change.fullDocument?.accountId : undefined;
    invalidate([
      ...(accountId ? (byScope.get(`videos:${accountId}`) ?? []) : []),
      ...(id ? (byDoc.get(id) ?? []) : []),
    ]);
  }

  function open(): void {
    if (closed) return;
    // Only the fields the invalidation reads leave the server; the looked-up document is cut down to its account.
    const pipeline = [
      { $match: { "ns.coll": { $in: WATCHED } } },
      { $project: { operationType: 1, ns: 1, documentKey: 1, "fullDocument.accountId": 1 } },
    ];
    const opened = options.db.watch<{ _id: string; accountId?: string }, WatchedChange>(pipeline, {
      fullDocument: "updateLookup",
      maxAwaitTimeMS: maxAwaitMs,
    });
    stream = opened;
    openedAt = now();
    opened.on("change", onChange);
    // Emitted on every answer of the server, empty ones included: the heartbeat.
    opened.on("resumeTokenChanged", (token: ResumeToken) => {
      lastBeat = now();
      streamed = opTimeOfToken(token) ?? streamed;
      reopenDelayMs = 1_000;
    });
    opened.on("error", (error) => {
      options.onStreamError?.(error);
      restart(opened);
    });
    opened.on("close", () => restart(opened));
  }

  /** The driver resumes by itself after resumable errors; anything else closes the stream and lands here. */
  function restart(failed: ChangeStream): void {
    if (stream !== failed || closed) return;
    stream = undefined;
    streamed = undefined;
    invalidateAll();
    void failed.close().catch(() => {});
    reopenTimer = setTimeout(open, reopenDelayMs);
    reopenTimer.unref();
    reopenDelayMs = Math.min(reopenDelayMs * 2, 30_000);
  }

  // A stream that neither answers nor errors (a socket gone quiet) is replaced; a new one gets the same time to
  // give its first answer.
  const watchdog = setInterval(() => {
    if (stream && now() - Math.max(lastBeat, openedAt) > staleAfterMs * 5) restart(stream);
  }, staleAfterMs);
  watchdog.unref();
  open();

  return {
    async read<T>(key: string, deps: CacheDeps<T>, load: () => Promise<T>): Promise<T> {
      if (!live()) {
        if (entries.size > 0) invalidateAll();
        counts.bypassed += 1;
        return load();
      }
      // Not caught up: answered from MongoDB and not kept, until the stream has reported what this process saw.
      if (!caughtUp()) {
        counts.bypassed += 1;
        return load();
      }
      const hit = entries.get(key);
      if (hit) {
        counts.hits += 1;
        // Least recently read last: Map keeps insertion order.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value as T;
      }
      counts.misses += 1;
      const before = generation;
      const value = await load();
      if (generation !== before || !live() || !caughtUp()) return value;
      const ids = [...deps.ids(value)];
      entries.set(key, { value, scope: deps.scope, ids });
      index(byScope, deps.scope, key);
      for (const id of ids) index(byDoc, id, key);
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        drop(oldest);
      }
      return value;
    },
    stats: () => ({ live: live(), entries: entries.size, ...counts }),
    async close() {
      closed = true;
      clearInterval(watchdog);
      clearTimeout(reopenTimer);
      const open = stream;
      stream = undefined;
      invalidateAll();
      await open?.close();
    },
  };
}

/** A point in MongoDB's history: seconds and the increment within them, as a cluster time is. */
interface OpTime {
  t: number;
  i: number;
}

const isBefore = (a: OpTime, b: OpTime) => a.t < b.t || (a.t === b.t && a.i < b.i);

/**
 * The cluster time a resume token stands for. A token's `_data` is a hex key string that starts with its cluster
 * time: the type byte 0x82 (a timestamp), then seconds and increment as two big-endian 32-bit numbers.
 */
export function opTimeOfToken(token: unknown): OpTime | undefined {
  const data = (token as { _data?: unknown } | null)?._data;
  if (typeof data !== "string" || !/^82[0-9a-fA-F]{16}/.test(data)) return undefined;
  return { t: Number.parseInt(data.slice(2, 10), 16), i: Number.parseInt(data.slice(10, 18), 16) };
}

/**
 * The newest cluster time the client has received in any answer (the driver gossips it with every command). It is
 * kept on the client's topology, which the driver's public types leave out; the read-cache tests fail if it moves.
 */
function clusterTimeOf(client: MongoClient): OpTime | undefined {
  const topology = (client as unknown as { topology?: { clusterTime?: { clusterTime?: Timestamp } } }).topology;
  const time = topology?.clusterTime?.clusterTime;
  return time ? { t: time.t, i: time.i } : undefined;
}
