import { type AuditEntryInput, connectDatabase, type Database } from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import type { VideosUpdateEventInput } from "@trendpot/jobs";
import { createLocalDataKeyProvider, TikTokTokenCipher } from "@trendpot/token-cipher";
import type { RefreshEvent, RefreshOutcome } from "./needs-reauth";
import type { TokenSet } from "./token-set";

export const MASTER_KEYS = { "key-a": Buffer.alloc(32, 0xa1), "key-b": Buffer.alloc(32, 0xb2) };

export interface CapturedLine {
  fields: Record<string, unknown>;
  message: string;
}

/**
 * A logger that keeps every line, and hands each `token.refresh` step to `onStep` as it is logged, so a test can
 * both read the outcomes and hold TikTok's answer until a given step happened.
 */
export function captureLogger(onStep?: (step: RefreshEvent) => void) {
  const lines: CapturedLine[] = [];
  const steps: RefreshEvent[] = [];
  const push = (fields: Record<string, unknown>, message: string) => {
    lines.push({ fields, message });
    if (fields.event !== "token.refresh") return;
    const step = { accountId: String(fields.accountId), outcome: fields.outcome as RefreshOutcome };
    steps.push(step);
    onStep?.(step);
  };
  return { lines, steps, info: push, warn: push };
}

/** An event publisher that keeps what it was given (the stream itself is tested in `@trendpot/jobs`). */
export function captureEvents() {
  const published: VideosUpdateEventInput[] = [];
  const publish = async (event: VideosUpdateEventInput): Promise<string[]> => {
    published.push(event);
    return [];
  };
  return { published, publish };
}

export function localCipher(
  logger?: ReturnType<typeof captureLogger>,
  currentKeyId = "key-a",
  previousKeyIds: string[] = [],
) {
  return new TikTokTokenCipher({
    provider: createLocalDataKeyProvider(MASTER_KEYS),
    currentKeyId,
    previousKeyIds,
    ...(logger ? { logger } : {}),
  });
}

/** A fresh database for one test file; `connectAgain` opens a second MongoClient on it (a second "process"). */
export async function openTestDatabase(): Promise<{
  database: Database;
  connectAgain: () => Promise<Database>;
  close: () => Promise<void>;
}> {
  const services = testServices();
  const dbName = uniqueName("creds");
  const database = await connectDatabase({ uri: services.mongo.uri, dbName });
  const others: Database[] = [];
  return {
    database,
    connectAgain: async () => {
      const other = await connectDatabase({ uri: services.mongo.uri, dbName });
      others.push(other);
      return other;
    },
    close: async () => {
      await database.db.dropDatabase();
      await Promise.all([database, ...others].map((d) => d.close()));
    },
  };
}

export function tokenSet(label: string, accessInMs: number, at: Date): TokenSet {
  return {
    accessToken: `act.${label}.${uniqueName("a")}`,
    refreshToken: `rft.${label}.${uniqueName("r")}`,
    accessExpiresAt: new Date(at.getTime() + accessInMs),
    refreshExpiresAt: new Date(at.getTime() + 180 * 86_400_000),
  };
}

export function captureAudit() {
  const entries: AuditEntryInput[] = [];
  return { entries, write: async (entry: AuditEntryInput) => void entries.push(entry) };
}

/** Everything in a database as one JSON string, to search for plaintext. */
export async function dumpDatabase(database: Database): Promise<string> {
  const collections = await database.db.listCollections().toArray();
  const dumps = await Promise.all(collections.map(async (c) => database.db.collection(c.name).find({}).toArray()));
  return JSON.stringify(dumps);
}

export function consentInput(userId: string, openId: string, tokens: TokenSet) {
  return {
    openId,
    userId,
    grantedScopes: ["user.info.basic", "video.list"],
    requestedScopes: ["user.info.basic", "video.list"],
    tokens,
  };
}
