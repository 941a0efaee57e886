import { randomBytes } from "node:crypto";

/** Mints an account id: `acc_` and 24 lowercase hex characters (96 random bits). */
export function mintAccountId(): string {
  return `acc_${randomBytes(12).toString("hex")}`;
}
