import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { compact, mintId, parseDocument, syncIndex, validateInput } from "../shared/store-kit";

export const ConnectOutcomeSchema = z.object({
  result: z.enum(["connected", "denied", "error", "partial"]),
  accountId: z.string().min(1).optional(),
  code: z.string().min(1).optional(),
});
export type ConnectOutcome = z.infer<typeof ConnectOutcomeSchema>;

/** Session ids are `cs_` and base64url. */
const SESSION_ID = /^cs_[A-Za-z0-9_-]{1,64}$/;

/** A `connect_sessions` document: one hand-off from the platform to the consent flow. */
export const ConnectSessionSchema = z.object({
  _id: z.string().startsWith("cs_"),
  userId: z.string().min(1),
  returnUrl: z.string().min(1).optional(),
  createdAt: z.date(),
  expiresAt: z.date(),
  status: z.enum(["pending", "started", "completed", "failed"]),
  startedAt: z.date().optional(),
  completedAt: z.date().optional(),
  outcome: ConnectOutcomeSchema.optional(),
});
export type ConnectSession = z.infer<typeof ConnectSessionSchema>;

const CreateSchema = z
  .object({
    userId: z.string().min(1),
    returnUrl: z.string().min(1).optional(),
    createdAt: z.date(),
    expiresAt: z.date(),
  })
  .refine((input) => input.expiresAt > input.createdAt, { path: ["expiresAt"], message: "must be after createdAt" });
export type CreateConnectSessionInput = z.input<typeof CreateSchema>;

export type MarkStartedResult =
  | { ok: true; session: ConnectSession }
  | { ok: false; reason: "unknown" | "expired" | "used" };

export type CompleteSessionResult =
  | { ok: true; session: ConnectSession }
  | { ok: false; reason: "unknown" | "not_started" | "already_completed" };

export type ConnectSessionsRepo = ReturnType<typeof createConnectSessionsRepo>;

/** Connect sessions: created by the platform, started once by the creator, completed once by the callback. */
export function createConnectSessionsRepo(db: Db) {
  const col = db.collection<ConnectSession>(COLLECTIONS.connectSessions);
  const parse = (doc: unknown) => parseDocument(ConnectSessionSchema, COLLECTIONS.connectSessions, doc);
  const current = async (id: string) => {
    const doc = SESSION_ID.test(id) ? await col.findOne({ _id: id }) : null;
    return doc ? parse(doc) : null;
  };

  return {
    /** Creates a pending session with an unguessable `cs_…` id (144 random bits). */
    async create(input: CreateConnectSessionInput): Promise<ConnectSession> {
      const fields = validateInput(CreateSchema, input, "connect session");
      const session: ConnectSession = compact({ _id: mintId("cs"), ...fields, status: "pending" as const });
      await col.insertOne(session);
      return session;
    },

    get: current,

    /**
     * Single use: only a pending, unexpired session becomes started, in one conditional update (of concurrent
     * starts, exactly one matches); anything else gets the reason.
     */
    async markStarted(id: string, now: Date): Promise<MarkStartedResult> {
      if (!SESSION_ID.test(id)) return { ok: false, reason: "unknown" };
      const started = await col.findOneAndUpdate(
        { _id: id, status: "pending", expiresAt: { $gt: now } },
        { $set: { status: "started", startedAt: now } },
        { returnDocument: "after" },
      );
      if (started) return { ok: true, session: parse(started) };
      const session = await current(id);
      if (!session) return { ok: false, reason: "unknown" };
      return { ok: false, reason: session.status === "pending" ? "expired" : "used" };
    },

    /**
     * Records the outcome of a started session once: `connected` and `partial` complete it, `denied` and `error`
     * fail it. Expiry is not checked here: the creator may take a while at TikTok, and the single-use OAuth state
     * already guards the callback.
     */
    async complete(id: string, outcome: ConnectOutcome, now: Date = new Date()): Promise<CompleteSessionResult> {
      const valid = compact(validateInput(ConnectOutcomeSchema, outcome, "connect outcome"));
      if (!SESSION_ID.test(id)) return { ok: false, reason: "unknown" };
      const status = valid.result === "connected" || valid.result === "partial" ? "completed" : "failed";
      const completed = await col.findOneAndUpdate(
        { _id: id, status: "started" },
        { $set: { status, completedAt: now, outcome: valid } },
        { returnDocument: "after" },
      );
      if (completed) return { ok: true, session: parse(completed) };
      const session = await current(id);
      if (!session) return { ok: false, reason: "unknown" };
      return { ok: false, reason: session.status === "pending" ? "not_started" : "already_completed" };
    },
  };
}

/**
 * MongoDB deletes a session once `expiresAt` has passed (its TTL monitor runs every minute, so for up to a minute
 * an expired session is still there: `markStarted` checks expiry itself).
 */
export async function ensureConnectSessionsIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.connectSessions);
  await syncIndex(col, { expiresAt: 1 }, { name: "expiresAt_ttl", expireAfterSeconds: 0 });
  await syncIndex(col, { userId: 1, createdAt: -1 }, { name: "user_createdAt" });
}
