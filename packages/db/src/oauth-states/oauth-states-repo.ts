import { createHash } from "node:crypto";
import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { parseDocument, syncIndex, validateInput } from "../shared/store-kit";

/**
 * An `oauth_states` document. The raw `state` never reaches the database, only its SHA-256, and the PKCE verifier
 * is stored as the ciphertext the api produced: a database read alone cannot complete an authorization.
 */
const HASH = /^[0-9a-f]{64}$/;

export const OAuthStateSchema = z.object({
  _id: z.string().regex(HASH),
  sessionId: z.string().min(1),
  userId: z.string().min(1),
  verifierCiphertext: z.string().min(1),
  requestedScopes: z.array(z.string().min(1)),
  redirectUri: z.string().min(1),
  createdAt: z.date(),
  expiresAt: z.date(),
  consumedAt: z.date().optional(),
});
export type OAuthState = z.infer<typeof OAuthStateSchema>;

const CreateSchema = OAuthStateSchema.omit({ _id: true, consumedAt: true })
  .extend({ stateHash: OAuthStateSchema.shape._id })
  .refine((input) => input.expiresAt > input.createdAt, { path: ["expiresAt"], message: "must be after createdAt" });
export type CreateOAuthStateInput = z.input<typeof CreateSchema>;

/** Why a state could not be consumed. */
export type ConsumeOAuthStateResult =
  | { ok: true; state: OAuthState }
  | { ok: false; reason: "unknown" | "expired" | "used" };

export type OAuthStatesRepo = ReturnType<typeof createOAuthStatesRepo>;

/** The hex SHA-256 of a raw `state` value: the only form in which a state is stored or looked up. */
export function hashOAuthState(state: string): string {
  return createHash("sha256").update(state, "utf8").digest("hex");
}

/** Single-use OAuth states for the consent flow. */
export function createOAuthStatesRepo(db: Db) {
  const col = db.collection<OAuthState>(COLLECTIONS.oauthStates);
  const parse = (doc: unknown) => parseDocument(OAuthStateSchema, COLLECTIONS.oauthStates, doc);

  return {
    /** Stores a new state (by hash). Anything that is not a 64-char hex hash is refused, so a raw state cannot slip in. */
    async create(input: CreateOAuthStateInput): Promise<OAuthState> {
      const { stateHash, ...fields } = validateInput(CreateSchema, input, "OAuth state");
      const doc: OAuthState = { _id: stateHash, ...fields };
      await col.insertOne(doc);
      return doc;
    },

    /**
     * Consumes a state exactly once, also under concurrent callbacks from several processes: one conditional
     * update sets `consumedAt` on an unconsumed, unexpired state, and of concurrent callers exactly one matches.
     * Expired, unknown and used states fail with the reason.
     */
    async consume(stateHash: string, now: Date): Promise<ConsumeOAuthStateResult> {
      if (!HASH.test(stateHash)) return { ok: false, reason: "unknown" };
      const consumed = await col.findOneAndUpdate(
        { _id: stateHash, consumedAt: { $exists: false }, expiresAt: { $gt: now } },
        { $set: { consumedAt: now } },
        { returnDocument: "after" },
      );
      if (consumed) return { ok: true, state: parse(consumed) };
      const existing = await col.findOne({ _id: stateHash });
      if (!existing) return { ok: false, reason: "unknown" };
      return { ok: false, reason: parse(existing).consumedAt ? "used" : "expired" };
    },
  };
}

/**
 * MongoDB deletes a state once `expiresAt` has passed (within the TTL monitor's minute; `consume` checks expiry
 * itself, so a state is never usable late).
 */
export async function ensureOAuthStatesIndexes(db: Db): Promise<void> {
  await syncIndex(
    db.collection(COLLECTIONS.oauthStates),
    { expiresAt: 1 },
    { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  );
}
