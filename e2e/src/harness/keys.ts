import { createHash, randomBytes } from "node:crypto";

export type Role = "platform" | "compliance" | "ops";

/** One generated API key per role: the plain keys for the tests, the `name:role:sha256hex` entries for API_KEYS. */
export interface ApiKeys {
  platform: string;
  compliance: string;
  ops: string;
  /** The API_KEYS value (only hashes reach the api). */
  entries: string;
}

export function generateApiKeys(): ApiKeys {
  const make = (role: Role) => `tp_e2e_${role}_${randomBytes(18).toString("base64url")}`;
  const keys = { platform: make("platform"), compliance: make("compliance"), ops: make("ops") };
  const entries = (Object.entries(keys) as [Role, string][])
    .map(([role, key]) => `e2e-${role}:${role}:${createHash("sha256").update(key).digest("hex")}`)
    .join(",");
  return { ...keys, entries };
}
