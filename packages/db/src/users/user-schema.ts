import { StoredTokenSchema } from "@trendpot/token-cipher";
import { z } from "zod";

/** The encrypted blobs mirrored from the account, with the credentials version they came from. */
export const CredentialsMirrorSchema = z
  .object({
    accessToken: StoredTokenSchema,
    refreshToken: StoredTokenSchema,
    keyId: z.string().min(1),
    accessExpiresAt: z.date(),
    refreshExpiresAt: z.date(),
    version: z.number().int().positive(),
  })
  .strict();
export type CredentialsMirror = z.infer<typeof CredentialsMirrorSchema>;

/**
 * A `users` document (`_id` is the platform user id). `mirrorVersion` is the credentials version last applied,
 * kept after a clear so a stale write that arrives late cannot bring cleared blobs back.
 */
export const UserSchema = z.object({
  _id: z.string().min(1),
  tiktokAccountId: z.string().optional(),
  credentialsMirror: CredentialsMirrorSchema.optional(),
  mirrorVersion: z.number().int().nonnegative().optional(),
  updatedAt: z.date(),
});
export type User = z.infer<typeof UserSchema>;
